using System.Data.Common;
using LinqToDB.Interceptors;

namespace Raft.Actors.Persistence;

/// <summary>
/// Sets <c>PRAGMA synchronous = FULL</c> on every connection the SQL plugin opens: unlike the journal mode it is
/// a property of the connection, not of the file, and Raft needs every acknowledged write to survive a power loss
/// (§5: a vote or an entry counted towards a commit must never be forgotten). In WAL mode FULL costs one fsync of
/// the log per transaction; NORMAL would skip it and could lose the last transactions on a power cut.
/// </summary>
internal sealed class SqliteSynchronousInterceptor : ConnectionInterceptor
{
    public static readonly SqliteSynchronousInterceptor Instance = new();

    private SqliteSynchronousInterceptor()
    {
    }

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Apply(connection);

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private const string Pragma = "PRAGMA synchronous = FULL";

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }
}
