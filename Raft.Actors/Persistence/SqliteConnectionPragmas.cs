using System.Data.Common;
using LinqToDB.Interceptors;

namespace Raft.Actors.Persistence;

/// <summary>
/// Sets what SQLite keeps per connection, not per file, on every connection the SQL plugins open:
/// <list type="bullet">
/// <item><c>synchronous = FULL</c>: Raft needs every acknowledged write to survive a power loss (a vote or an entry
/// counted towards a commit must never be forgotten, §5.2, §5.3). In WAL mode FULL costs one fsync of the log per
/// transaction; NORMAL would skip it, so a power cut could lose the last transactions (a process crash would not).</item>
/// <item><c>busy_timeout</c>: the journal and the snapshot store are two plugins with their own connections, and a
/// file takes one writer at a time. Without it the driver retries a busy write every 150 ms, so under a steady
/// stream of journal writes a snapshot or a compaction waited up to seconds; SQLite's own handler retries within
/// milliseconds.</item>
/// <item><c>wal_autocheckpoint</c>: raised to a backstop, as the storage checkpoints from a connection of its own
/// (<see cref="SqliteWalCheckpointer"/>) so that no journal write copies the log back into the database.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionPragmas : ConnectionInterceptor
{
    public static readonly SqliteConnectionPragmas Instance = new();

    /// <summary>
    /// Pages of log (4 KiB each) after which a committing write checkpoints anyway (SQLite's default is 1,000): 8 MiB,
    /// reached only when the storage's checkpointer has fallen behind (a starved timer on a busy machine), and small
    /// enough that the log file stays a few megabytes.
    /// </summary>
    public const int BackstopCheckpointPages = 2_000;

    /// <summary>The busy timeout is as long as the driver's own default command timeout: a writer waits this long for the lock.</summary>
    private static readonly string Pragmas = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000; PRAGMA wal_autocheckpoint = {BackstopCheckpointPages};";

    private SqliteConnectionPragmas()
    {
    }

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
