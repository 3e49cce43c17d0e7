using System.Data;
using Npgsql;
using Raft.Actors.Messages;

namespace Raft.Actors.Persistence;

/// <summary>
/// Journals of many peers, of many clusters, in one PostgreSQL database. Every row is keyed by (cluster_id,
/// member_id), so a journal sees only its own peer's rows: ownership lies in the key. Each <see cref="Write"/> is
/// one transaction, committed with synchronous_commit on before it returns.
/// </summary>
public sealed partial class PostgresJournal : IRaftJournal
{
    // Bounds one INSERT's arrays well below PostgreSQL's 1 GB limit on a single value.
    internal const int AppendChunkEntries = 10_000;
    private const long AppendChunkBytes = 64L << 20;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _clusterId;
    private readonly string _memberId;
    private JournalBounds _bounds;

    /// <summary>Opens the journal of (<paramref name="clusterId"/>, <paramref name="memberId"/>), creating the shared tables when the database has none.</summary>
    /// <exception cref="JournalCorruptedException">The database holds a schema version this build does not read, or the peer's rows are damaged.</exception>
    /// <exception cref="IOException">The database cannot be reached or refuses a statement.</exception>
    public PostgresJournal(string connectionString, string clusterId, string memberId)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // The password stays out of every message.
        Location = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database} (cluster '{clusterId}', member '{memberId}')";
        _clusterId = clusterId;
        _memberId = memberId;
        _dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            using var connection = _dataSource.OpenConnection();
            EnsureSchema(connection);
            _bounds = ReadBounds(connection);
        }
        catch (NpgsqlException ex)
        {
            _dataSource.Dispose();
            throw Translate(ex);
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }
    }

    /// <summary>The database and the key of this peer's rows.</summary>
    public string Location { get; }

    public JournalRecovery Load()
    {
        try
        {
            using var connection = _dataSource.OpenConnection();

            // One snapshot of the database for the three reads.
            using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
            var hardState = ReadHardState(connection);
            var snapshot = ReadSnapshot(connection);
            var entries = ReadEntries(connection, snapshot?.LastIncludedIndex ?? 0);
            transaction.Commit();
            return new JournalRecovery(hardState, snapshot, entries);
        }
        catch (NpgsqlException ex)
        {
            throw Translate(ex);
        }
    }

    public void Write(IReadOnlyList<JournalOperation> operations)
    {
        if (operations.Count == 0)
        {
            return;
        }

        // The whole batch travels in one round trip: every statement is built, and checked, before connecting.
        using var batch = new NpgsqlBatch();

        // Durable on return even where the server's default is synchronous_commit = off.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO on"));
        var bounds = _bounds;
        foreach (var operation in operations)
        {
            var next = bounds.After(operation, Location);
            AddCommands(batch, operation, bounds);
            bounds = next;
        }

        try
        {
            using var connection = _dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction();
            batch.Connection = connection;
            batch.Transaction = transaction;
            batch.ExecuteNonQuery();
            transaction.Commit();
        }
        catch (NpgsqlException ex)
        {
            throw Translate(ex);
        }

        _bounds = bounds;
    }

    public void Dispose() => _dataSource.Dispose();

    private void AddCommands(NpgsqlBatch batch, JournalOperation operation, JournalBounds bounds)
    {
        switch (operation)
        {
            case JournalOperation.SaveHardState save:
                batch.BatchCommands.Add(Command(
                    $"""
                    INSERT INTO {HardStateTable} (cluster_id, member_id, term, voted_for, crc) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (cluster_id, member_id) DO UPDATE
                    SET term = EXCLUDED.term, voted_for = EXCLUDED.voted_for, crc = EXCLUDED.crc
                    """,
                    save.State.Term, TextParameter(save.State.VotedFor), JournalChecksum.Of(save.State)));
                break;
            case JournalOperation.TruncateFrom truncate:
                batch.BatchCommands.Add(Command($"DELETE FROM {EntriesTable} WHERE cluster_id = $1 AND member_id = $2 AND idx >= $3", truncate.Index));
                break;
            case JournalOperation.Append append:
                AddAppends(batch, append.Entries);
                break;
            case JournalOperation.SaveSnapshot save:
                var snapshot = save.Snapshot;

                // A snapshot that does not keep the entries after it replaces the whole log.
                var deleteThrough = bounds.SnapshotKeepsSuffix(snapshot.LastIncludedIndex) ? snapshot.LastIncludedIndex : long.MaxValue;
                batch.BatchCommands.Add(Command($"DELETE FROM {EntriesTable} WHERE cluster_id = $1 AND member_id = $2 AND idx <= $3", deleteThrough));
                batch.BatchCommands.Add(Command(
                    $"""
                    INSERT INTO {SnapshotsTable} (cluster_id, member_id, last_included_index, last_included_term, data, crc)
                    VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT (cluster_id, member_id) DO UPDATE
                    SET last_included_index = EXCLUDED.last_included_index, last_included_term = EXCLUDED.last_included_term,
                        data = EXCLUDED.data, crc = EXCLUDED.crc
                    """,
                    snapshot.LastIncludedIndex, snapshot.LastIncludedTerm, snapshot.Data, JournalChecksum.Of(snapshot)));
                break;
        }
    }

    /// <summary>Entries go in as arrays unnested into rows: one statement, not one per entry.</summary>
    private void AddAppends(NpgsqlBatch batch, LogEntry[] entries)
    {
        var start = 0;
        while (start < entries.Length)
        {
            var end = start;
            var bytes = 0L;
            while (end < entries.Length && end - start < AppendChunkEntries && (end == start || bytes + entries[end].Command.Length <= AppendChunkBytes))
            {
                bytes += entries[end].Command.Length;
                end++;
            }

            var chunk = entries.AsSpan(start, end - start);
            var indexes = new long[chunk.Length];
            var terms = new long[chunk.Length];
            var kinds = new short[chunk.Length];
            var commands = new byte[chunk.Length][];
            var checksums = new long[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                indexes[i] = chunk[i].Index;
                terms[i] = chunk[i].Term;
                kinds[i] = (short)chunk[i].Kind;
                commands[i] = chunk[i].Command;
                checksums[i] = JournalChecksum.Of(chunk[i]);
            }

            batch.BatchCommands.Add(Command(
                $"""
                INSERT INTO {EntriesTable} (cluster_id, member_id, idx, term, kind, command, crc)
                SELECT $1, $2, e.* FROM unnest($3::bigint[], $4::bigint[], $5::smallint[], $6::bytea[], $7::bigint[]) AS e
                """,
                indexes, terms, kinds, commands, checksums));
            start = end;
        }
    }

    private HardState ReadHardState(NpgsqlConnection connection)
    {
        using var command = Select(connection, $"SELECT term, voted_for, crc FROM {HardStateTable} WHERE cluster_id = $1 AND member_id = $2");
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? StoredRows.HardState(Location, reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2))
            : HardState.Initial;
    }

    private SnapshotRecord? ReadSnapshot(NpgsqlConnection connection)
    {
        using var command = Select(
            connection,
            $"SELECT last_included_index, last_included_term, data, crc FROM {SnapshotsTable} WHERE cluster_id = $1 AND member_id = $2");
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? StoredRows.Snapshot(Location, reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2), reader.GetInt64(3))
            : null;
    }

    private List<LogEntry> ReadEntries(NpgsqlConnection connection, long snapshotIndex)
    {
        var entries = new List<LogEntry>((int)Math.Min(_bounds.LastIndex - _bounds.SnapshotIndex, Array.MaxLength));

        // The index is not read back: the checksum of each row, taken with the index it must have, proves it.
        using var command = Select(
            connection, $"SELECT term, kind, command, crc FROM {EntriesTable} WHERE cluster_id = $1 AND member_id = $2 ORDER BY idx");
        using var reader = command.ExecuteReader();
        var index = snapshotIndex + 1;
        while (reader.Read())
        {
            entries.Add(StoredRows.Entry(Location, index, reader.GetInt64(0), reader.GetInt16(1), reader.GetFieldValue<byte[]>(2), reader.GetInt64(3)));
            index++;
        }

        return entries;
    }

    private JournalBounds ReadBounds(NpgsqlConnection connection)
    {
        using var command = Select(
            connection,
            $"""
            SELECT (SELECT last_included_index FROM {SnapshotsTable} WHERE cluster_id = $1 AND member_id = $2), count(*), min(idx), max(idx)
            FROM {EntriesTable} WHERE cluster_id = $1 AND member_id = $2
            """);
        using var reader = command.ExecuteReader();
        return JournalBounds.Read(Location, reader);
    }

    /// <summary>A statement of this peer's rows: $1 and $2 are its cluster and member, <paramref name="values"/> follow from $3.</summary>
    private NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _memberId });
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private NpgsqlCommand Select(NpgsqlConnection connection, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _memberId });
        return command;
    }

    // A null vote needs its type spelled out: a bare DBNull says nothing about it.
    private static NpgsqlParameter TextParameter(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private IOException Translate(NpgsqlException ex) => new($"Journal {Location}: {ex.Message}", ex);
}
