using Microsoft.Data.Sqlite;

namespace Raft.Actors.Persistence;

/// <summary>
/// A node's data directory for the SQLite storage: its database files (<c>{file}.db</c>, one or one per member) and a
/// lock file <c>{name}.lock</c> that this process holds while it uses them, so a second process pointed at the same
/// directory fails at once instead of writing the same journals. Opening checks what can be checked before the actor
/// system starts (the directory, the lock, that each file is an undamaged SQLite database), turns on WAL, a
/// property of the file that must be set before the SQL plugin opens it, and creates the journal tables
/// (<see cref="SqliteJournalSchema"/>).
/// </summary>
internal sealed class SqliteDataDirectory : IDisposable
{
    // How long opening waits for a write lock another connection holds before reporting the file as locked.
    private const int LockWaitSeconds = 5;

    private readonly FileStream _lock;

    private SqliteDataDirectory(IReadOnlyList<string> databasePaths, FileStream lockFile)
    {
        DatabasePaths = databasePaths;
        _lock = lockFile;
    }

    /// <summary>The database files, in the order their names were given.</summary>
    public IReadOnlyList<string> DatabasePaths { get; }

    /// <summary>The connection string the plugin uses for one of the files: pooled.</summary>
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();

    /// <summary>Locks <paramref name="dataDirectory"/> with <c>{name}.lock</c> and prepares <c>{file}.db</c> for each of <paramref name="files"/>.</summary>
    /// <exception cref="RaftStorageException">The directory or a file cannot be used; the message says which and why.</exception>
    public static SqliteDataDirectory Open(string dataDirectory, string name, IReadOnlyList<string> files)
    {
        var directory = Path.GetFullPath(dataDirectory);
        if (File.Exists(directory))
        {
            throw new RaftStorageException($"Data directory '{directory}'", "it is a file, not a directory");
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RaftStorageException($"Data directory '{directory}'", $"it cannot be created ({ex.Message})", ex);
        }

        var lockFile = AcquireLock(Path.Combine(directory, name + ".lock"));
        try
        {
            var databasePaths = files.Select(file => Path.Combine(directory, file + ".db")).ToArray();
            foreach (var path in databasePaths)
            {
                Prepare(path);
            }

            return new SqliteDataDirectory(databasePaths, lockFile);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    public void Dispose() => _lock.Dispose();

    private static FileStream AcquireLock(string path)
    {
        try
        {
            // FileShare.None takes an exclusive advisory lock on Unix (and a sharing lock on Windows), released by
            // the operating system when the process dies, however it dies.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new RaftStorageException($"Lock file '{path}'", $"another process (or another storage in this one) is using this data directory ({ex.Message})", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RaftStorageException($"Lock file '{path}'", $"it cannot be opened for writing ({ex.Message})", ex);
        }
    }

    private static void Prepare(string path)
    {
        var location = $"SQLite file '{path}'";
        if (Directory.Exists(path))
        {
            throw new RaftStorageException(location, "it is a directory, not a database file");
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = LockWaitSeconds,
        }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            // Reads every page once, before anything is written: a truncated or damaged file is reported now, naming
            // the file and left as it was, rather than as a failed recovery of whichever member reads the bad page first.
            var check = Scalar(connection, "PRAGMA quick_check(1)");
            if (!string.Equals(check, "ok", StringComparison.Ordinal))
            {
                throw new RaftStorageException(location, $"it is damaged (SQLite's integrity check says: {check})");
            }

            var mode = Scalar(connection, "PRAGMA journal_mode = WAL");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new RaftStorageException(location, $"it cannot be switched to write-ahead logging (its journal mode stays '{mode}')");
            }

            // A write lock held elsewhere (another program in a write transaction) would stall every journal write.
            Scalar(connection, "BEGIN IMMEDIATE; ROLLBACK;");
            SqliteJournalSchema.Create(connection);
        }
        catch (SqliteException ex)
        {
            throw new RaftStorageException(location, Describe(ex), ex);
        }
    }

    private static string Describe(SqliteException ex) => ex.SqliteErrorCode switch
    {
        SQLitePCL.raw.SQLITE_NOTADB => $"it is not a SQLite database ({ex.Message})",
        SQLitePCL.raw.SQLITE_CORRUPT => $"it is damaged ({ex.Message})",
        SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED =>
            $"another connection or process holds a lock on it and kept it for {LockWaitSeconds} s ({ex.Message})",
        SQLitePCL.raw.SQLITE_CANTOPEN => $"it cannot be opened ({ex.Message})",
        SQLitePCL.raw.SQLITE_READONLY or SQLitePCL.raw.SQLITE_PERM => $"it cannot be written ({ex.Message})",
        SQLitePCL.raw.SQLITE_IOERR => $"reading or writing it failed ({ex.Message})",
        _ => ex.Message,
    };

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
