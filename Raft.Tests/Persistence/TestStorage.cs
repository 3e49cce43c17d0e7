using Microsoft.Data.Sqlite;
using Npgsql;
using Raft.Actors.Persistence;

namespace Raft.Tests.Persistence;

/// <summary>
/// A <see cref="RaftStorage"/> of one kind for one test: SQLite in a temporary directory, PostgreSQL in the test
/// database (tests keep apart by persistence id), or in memory. Reads and edits rows behind the plugin's back, to
/// check compaction and to damage events.
/// </summary>
internal sealed class TestStorage : IDisposable
{
    private readonly TemporaryDirectory? _directory;
    private readonly bool _ownsDirectory;

    private TestStorage(string kind, TemporaryDirectory? directory, bool ownsDirectory)
    {
        Kind = kind;
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        Storage = Open();
    }

    public string Kind { get; }

    public RaftStorage Storage { get; private set; }

    /// <summary>The SQLite data directory; null for other kinds.</summary>
    public string? DataDirectory => _directory?.Path;

    public static TestStorage Create(string kind) =>
        new(kind, kind == JournalKind.Sqlite ? new TemporaryDirectory() : null, ownsDirectory: true);

    /// <summary>A storage in a directory the caller keeps, to look at the files after the storage is closed.</summary>
    public static TestStorage Create(string kind, TemporaryDirectory directory) => new(kind, directory, ownsDirectory: false);

    /// <summary>A group id no other test uses, so tests sharing the PostgreSQL database never read each other's rows.</summary>
    public static string UniqueClusterId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    /// <summary>Closes the storage and opens it again, as a restarted node would; the in-memory one cannot be reopened.</summary>
    public void Reopen()
    {
        Storage.Dispose();
        SqliteConnection.ClearAllPools();
        Storage = Open();
    }

    public long CountRows(string table, string persistenceId) => Scalar($"SELECT COUNT(*) FROM {table} WHERE persistence_id = @id", persistenceId);

    /// <summary>The size of the SQLite database and its write-ahead log; 0 for other kinds.</summary>
    public long SqliteBytes()
    {
        if (_directory is null)
        {
            return 0;
        }

        var database = Path.Combine(_directory.Path, RaftStorage.DefaultName + ".db");
        return new[] { database, database + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
    }

    /// <summary>Replaces the stored bytes of event <paramref name="sequenceNr"/> with <paramref name="payload"/>.</summary>
    public void ReplaceEvent(string persistenceId, long sequenceNr, byte[] payload)
    {
        var changed = Execute(
            "UPDATE journal SET message = @payload WHERE persistence_id = @id AND sequence_number = @seq",
            persistenceId,
            ("@payload", payload),
            ("@seq", sequenceNr));
        if (changed != 1)
        {
            throw new InvalidOperationException($"{Kind}: event {sequenceNr} of {persistenceId} was not found to replace.");
        }
    }

    public void Dispose()
    {
        Storage.Dispose();
        SqliteConnection.ClearAllPools();
        if (_ownsDirectory)
        {
            _directory?.Dispose();
        }
    }

    private RaftStorage Open() => Kind switch
    {
        JournalKind.InMemory => RaftStorage.InMemory(),
        JournalKind.Sqlite => RaftStorage.OpenSqlite(_directory!.Path),
        JournalKind.Postgres => RaftStorage.OpenPostgres(TestPostgres.RequiredConnectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "not a journal kind"),
    };

    private long Scalar(string sql, string persistenceId)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@id", persistenceId);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private int Execute(string sql, string persistenceId, params (string Name, object Value)[] parameters)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@id", persistenceId);
        foreach (var (name, value) in parameters)
        {
            AddParameter(command, name, value);
        }

        return command.ExecuteNonQuery();
    }

    private System.Data.Common.DbConnection Connect()
    {
        System.Data.Common.DbConnection connection = Kind switch
        {
            JournalKind.Sqlite => new SqliteConnection($"Data Source={Path.Combine(_directory!.Path, RaftStorage.DefaultName + ".db")};Pooling=False"),
            JournalKind.Postgres => new NpgsqlConnection(TestPostgres.RequiredConnectionString),
            _ => throw new InvalidOperationException($"The {Kind} journal has no rows to read."),
        };
        connection.Open();
        return connection;
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
