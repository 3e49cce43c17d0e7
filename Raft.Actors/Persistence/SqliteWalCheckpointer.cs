using Microsoft.Data.Sqlite;

namespace Raft.Actors.Persistence;

/// <summary>
/// Copies the SQLite files' write-ahead logs back into the databases from a connection of its own, every
/// <see cref="Interval"/>, so that no journal write pays for it. SQLite's own automatic checkpoint runs inside the
/// transaction that crosses its threshold: that write, and every Raft reply and commit waiting on it, also waits for
/// a thousand pages to be copied and the database file fsynced (the p99 of a proposal, docs/benchmarks.md). The
/// plugins' connections keep an automatic checkpoint only as a backstop
/// (<see cref="SqliteConnectionPragmas.BackstopCheckpointPages"/>), for when this one falls behind.
/// <para>
/// A passive checkpoint never waits for a writer or blocks one, and does nothing (no write, no sync) when the log
/// holds nothing new; once it has copied every frame, the next transaction starts the log file over.
/// </para>
/// </summary>
internal sealed class SqliteWalCheckpointer : IDisposable
{
    /// <summary>Short enough that the log stays a few megabytes under the heaviest load, long enough to cost nothing idle.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly SqliteConnection[] _connections;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private bool _disposed;

    public SqliteWalCheckpointer(IReadOnlyList<string> databasePaths, TimeProvider time)
    {
        _connections = [.. databasePaths.Select(Connect)];
        _timer = time.CreateTimer(static state => ((SqliteWalCheckpointer)state!).Tick(), this, Interval, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Checkpoints each file once, as a tick does; true when every file's log is now wholly in its database.</summary>
    public bool CheckpointNow()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var complete = true;
            foreach (var connection in _connections)
            {
                complete &= Checkpoint(connection);
            }

            return complete;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();

        // The database file is synced at the end of every checkpoint, as FULL does; this connection never checkpoints on commit.
        command.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 1000;";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>One passive checkpoint; true when it copied every frame of the log (SQLite answers: busy, frames in the log, frames checkpointed).</summary>
    private static bool Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        return reader.Read() && reader.GetInt64(0) == 0 && reader.GetInt64(1) == reader.GetInt64(2);
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                foreach (var connection in _connections)
                {
                    Checkpoint(connection);
                }
            }
            catch (SqliteException)
            {
                // Nothing is lost: the log still holds every frame, the next tick retries, and the backstop catches up.
            }

            _timer.Change(Interval, Timeout.InfiniteTimeSpan);
        }
    }
}
