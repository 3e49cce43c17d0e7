using Microsoft.Data.Sqlite;
using Raft.Actors.Messages;

namespace Raft.Actors.Persistence;

/// <summary>
/// A peer's journal in one SQLite file of its own. Each <see cref="Write"/> is one transaction, synced before it
/// returns. Opening checks the file's integrity, schema version and owner, and holds it exclusively until disposed,
/// so two processes can never write one peer's journal.
/// </summary>
public sealed partial class SqliteJournal : IRaftJournal
{
    private readonly SqliteConnection _connection;
    private readonly SqliteStatement _insertEntry;
    private readonly SqliteStatement _deleteFrom;
    private readonly SqliteStatement _deleteThrough;
    private readonly SqliteStatement _saveHardState;
    private readonly SqliteStatement _saveSnapshot;
    private JournalBounds _bounds;

    /// <summary>
    /// Opens (or creates) the journal of <paramref name="memberId"/> at <c>{directory}/{clusterId}/{memberId}.db</c>,
    /// the layout Raft.Host and <c>EmbeddedGroupOptions.UseSqlite</c> use; the folder is created if missing.
    /// </summary>
    public static SqliteJournal OpenInDirectory(string directory, string clusterId, string memberId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var folder = Path.GetFullPath(Path.Combine(directory, clusterId));
        Directory.CreateDirectory(folder);
        return new SqliteJournal(Path.Combine(folder, memberId + ".db"), clusterId, memberId);
    }

    /// <summary>Opens the journal at <paramref name="path"/>, creating it for this cluster and member when there is no file.</summary>
    /// <exception cref="JournalOwnershipException">The file belongs to another cluster or member.</exception>
    /// <exception cref="JournalCorruptedException">The file is not a journal, is damaged, or has an unknown schema version.</exception>
    /// <exception cref="IOException">The file cannot be opened, or another process or connection holds it.</exception>
    public SqliteJournal(string path, string clusterId, string memberId)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        Location = Path.GetFullPath(path);
        if (!File.Exists(Location))
        {
            CreateFile(Location, clusterId, memberId);
        }

        _connection = Connect(Location, SqliteOpenMode.ReadWrite);
        try
        {
            OpenChecked(clusterId, memberId);
            _insertEntry = new(_connection, "INSERT INTO entries (idx, term, kind, command, crc) VALUES (?1, ?2, ?3, ?4, ?5)");
            _deleteFrom = new(_connection, "DELETE FROM entries WHERE idx >= ?1");
            _deleteThrough = new(_connection, "DELETE FROM entries WHERE idx <= ?1");
            _saveHardState = new(_connection, "INSERT OR REPLACE INTO hard_state (id, term, voted_for, crc) VALUES (1, ?1, ?2, ?3)");
            _saveSnapshot = new(
                _connection, "INSERT OR REPLACE INTO snapshot (id, last_included_index, last_included_term, data, crc) VALUES (1, ?1, ?2, ?3, ?4)");
        }
        catch (SqliteException ex)
        {
            _connection.Dispose();
            throw Translate(ex);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>The full path of the journal file.</summary>
    public string Location { get; }

    public JournalRecovery Load()
    {
        try
        {
            var hardState = ReadHardState();
            var snapshot = ReadSnapshot();
            return new JournalRecovery(hardState, snapshot, ReadEntries(snapshot?.LastIncludedIndex ?? 0));
        }
        catch (SqliteException ex)
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

        var bounds = _bounds;
        try
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var operation in operations)
            {
                // Checked first: an append that would leave a gap throws before it touches the file.
                var next = bounds.After(operation, Location);
                Apply(operation, bounds);
                bounds = next;
            }

            // synchronous=FULL: the commit returns once the WAL is fsynced.
            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw Translate(ex);
        }

        _bounds = bounds;
    }

    public void Dispose()
    {
        _insertEntry.Dispose();
        _deleteFrom.Dispose();
        _deleteThrough.Dispose();
        _saveHardState.Dispose();
        _saveSnapshot.Dispose();

        // Closing the connection checkpoints the WAL into the file and releases the exclusive lock.
        _connection.Dispose();
    }

    private void Apply(JournalOperation operation, JournalBounds bounds)
    {
        switch (operation)
        {
            case JournalOperation.SaveHardState save:
                _saveHardState.Bind(1, save.State.Term);
                _saveHardState.Bind(2, save.State.VotedFor);
                _saveHardState.Bind(3, JournalChecksum.Of(save.State));
                _saveHardState.Execute();
                break;
            case JournalOperation.TruncateFrom truncate:
                _deleteFrom.Bind(1, truncate.Index);
                _deleteFrom.Execute();
                break;
            case JournalOperation.Append append:
                foreach (var entry in append.Entries)
                {
                    _insertEntry.Bind(1, entry.Index);
                    _insertEntry.Bind(2, entry.Term);
                    _insertEntry.Bind(3, (long)entry.Kind);
                    _insertEntry.Bind(4, entry.Command);
                    _insertEntry.Bind(5, JournalChecksum.Of(entry));
                    _insertEntry.Execute();
                }

                break;
            case JournalOperation.SaveSnapshot save:
                var snapshot = save.Snapshot;

                // A snapshot that does not keep the entries after it replaces the whole log.
                _deleteThrough.Bind(1, bounds.SnapshotKeepsSuffix(snapshot.LastIncludedIndex) ? snapshot.LastIncludedIndex : long.MaxValue);
                _deleteThrough.Execute();
                _saveSnapshot.Bind(1, snapshot.LastIncludedIndex);
                _saveSnapshot.Bind(2, snapshot.LastIncludedTerm);
                _saveSnapshot.Bind(3, snapshot.Data);
                _saveSnapshot.Bind(4, JournalChecksum.Of(snapshot));
                _saveSnapshot.Execute();
                break;
        }
    }

    private HardState ReadHardState()
    {
        using var read = new SqliteStatement(_connection, "SELECT term, voted_for, crc FROM hard_state WHERE id = 1");
        if (!read.Read())
        {
            return HardState.Initial;
        }

        return StoredRows.HardState(Location, read.Int64(0), read.IsNull(1) ? null : read.Text(1), read.Int64(2));
    }

    private SnapshotRecord? ReadSnapshot()
    {
        using var read = new SqliteStatement(_connection, "SELECT last_included_index, last_included_term, data, crc FROM snapshot WHERE id = 1");
        if (!read.Read())
        {
            return null;
        }

        return StoredRows.Snapshot(Location, read.Int64(0), read.Int64(1), read.Blob(2), read.Int64(3));
    }

    private List<LogEntry> ReadEntries(long snapshotIndex)
    {
        var entries = new List<LogEntry>((int)Math.Min(_bounds.LastIndex - _bounds.SnapshotIndex, Array.MaxLength));

        // The index is not read back: the checksum of each row, taken with the index it must have, proves it.
        using var read = new SqliteStatement(_connection, "SELECT term, kind, command, crc FROM entries ORDER BY idx");
        var index = snapshotIndex + 1;
        while (read.Read())
        {
            entries.Add(StoredRows.Entry(Location, index, read.Int64(0), read.Int64(1), read.Blob(2), read.Int64(3)));
            index++;
        }

        return entries;
    }
}
