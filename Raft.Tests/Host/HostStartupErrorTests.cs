using Microsoft.Data.Sqlite;
using Raft.Tests.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Host;

/// <summary>
/// Raft.Host as a process refusing to start: invalid configuration exits with 2, storage it cannot use with 1, each
/// with one line naming the key, or the file or database and the problem; no stack trace, nothing overwritten.
/// </summary>
public sealed class HostStartupErrorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_unknown_storage_kind_exits_with_2_naming_the_key()
    {
        using var directory = new TemporaryDirectory();

        var line = await ExpectOneLineAndExit(directory, 2, "--Raft:Storage=mongo");

        Assert.StartsWith("Invalid configuration: Raft:Storage 'mongo' is not a storage", line);
        Assert.False(Directory.Exists(directory.File("raft-data")), "the host created a data directory although its configuration is invalid");
    }

    [Fact]
    public async Task PostgreSQL_without_a_connection_string_exits_with_2_naming_the_key()
    {
        using var directory = new TemporaryDirectory();

        var line = await ExpectOneLineAndExit(directory, 2, "--Raft:Storage=postgres");

        Assert.Contains("Raft:PostgresConnectionString must be set", line);
    }

    [Fact]
    public async Task A_data_directory_that_is_a_file_exits_with_1_naming_it_and_leaves_it_alone()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.File("data");
        File.WriteAllText(file, "not a directory");

        var line = await ExpectOneLineAndExit(directory, 1, "--Raft:DataDirectory=data");

        Assert.Contains($"Data directory '{file}': it is a file, not a directory", line);
        Assert.Equal("not a directory", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_database_file_that_is_not_SQLite_exits_with_1_naming_it_and_leaves_it_alone()
    {
        using var directory = new TemporaryDirectory();
        var database = DatabaseIn(directory);
        var bytes = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(database, bytes);

        var line = await ExpectOneLineAndExit(directory, 1);

        Assert.Contains($"SQLite file '{database}': it is not a SQLite database", line);
        Assert.Equal(bytes, File.ReadAllBytes(database));
    }

    [Fact]
    public async Task A_truncated_database_exits_with_1_naming_it_as_damaged_and_leaves_it_alone()
    {
        using var directory = new TemporaryDirectory();
        var database = DatabaseIn(directory);
        WriteWalDatabase(database, rows: 200);
        using (var file = new FileStream(database, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        var bytes = File.ReadAllBytes(database);

        var line = await ExpectOneLineAndExit(directory, 1);

        Assert.Contains($"SQLite file '{database}': it is damaged", line);
        Assert.Equal(bytes, File.ReadAllBytes(database));
    }

    [Fact]
    public async Task A_database_another_program_keeps_write_locked_exits_with_1_naming_it()
    {
        using var directory = new TemporaryDirectory();
        var database = DatabaseIn(directory);
        WriteWalDatabase(database, rows: 1);
        using var other = new SqliteConnection($"Data Source={database};Pooling=False");
        other.Open();
        using var begin = other.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();

        var line = await ExpectOneLineAndExit(directory, 1);

        Assert.Contains($"SQLite file '{database}': another connection or process holds a lock on it", line);
    }

    [Fact]
    public async Task A_data_directory_another_process_uses_exits_with_1_naming_its_lock_file()
    {
        using var directory = new TemporaryDirectory();
        var lockFile = directory.File(Path.Combine("raft-data", "raft.lock"));
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);

        // The same exclusive lock a running host holds on it.
        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var line = await ExpectOneLineAndExit(directory, 1);

            Assert.Contains($"Lock file '{lockFile}': another process (or another storage in this one) is using this data directory", line);
        }

        Assert.False(File.Exists(DatabaseIn(directory)), "the host created a database in a data directory another process holds");
    }

    [Fact]
    public async Task A_malformed_PostgreSQL_connection_string_exits_with_1_saying_so()
    {
        using var directory = new TemporaryDirectory();

        var line = await ExpectOneLineAndExit(directory, 1, "--Raft:Storage=postgres", "--Raft:PostgresConnectionString=Hots=127.0.0.1");

        Assert.Contains("PostgreSQL connection string: it is malformed", line);
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_database_exits_with_1_naming_it_without_its_password()
    {
        using var directory = new TemporaryDirectory();

        // Nothing listens on port 1 of the loopback interface: the connection is refused at once.
        var line = await ExpectOneLineAndExit(
            directory, 1, "--Raft:Storage=postgres", "--Raft:PostgresConnectionString=Host=127.0.0.1;Port=1;Database=raft_nowhere;Username=raft;Password=secret-word;Timeout=5");

        Assert.Contains("PostgreSQL database 'raft_nowhere' on 127.0.0.1:1: it cannot be reached", line);
        Assert.DoesNotContain("secret-word", line);
    }

    /// <summary>Member n2's file: the host checks every member's file before it starts any member.</summary>
    private static string DatabaseIn(TemporaryDirectory directory)
    {
        Directory.CreateDirectory(directory.File("raft-data"));
        return directory.File(Path.Combine("raft-data", "raft.n2.db"));
    }

    /// <summary>A SQLite database in WAL mode, as the storage keeps it, with rows spread over many pages; closed.</summary>
    private static void WriteWalDatabase(string path, int rows)
    {
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE filler (data BLOB);";
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO filler (data) SELECT randomblob(2000) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @rows) SELECT i FROM n)";
            command.Parameters.AddWithValue("@rows", rows);
            command.ExecuteNonQuery();
        }

        // The last connection to close folds the write-ahead log into the file.
        Assert.False(File.Exists(path + "-wal"), "the write-ahead log was not folded into the database");
    }

    /// <summary>Runs the host with <paramref name="arguments"/> and expects it to exit with <paramref name="exitCode"/>, having printed exactly one line.</summary>
    private async Task<string> ExpectOneLineAndExit(TemporaryDirectory directory, int exitCode, params string[] arguments)
    {
        using var host = HostProcess.Start(directory.Path, arguments);
        var actual = await host.WaitForExitAsync($"the host to refuse to start with exit code {exitCode}");

        output.WriteLine(host.Output());
        Assert.True(actual == exitCode, $"The host exited with {actual}, not {exitCode}.{Environment.NewLine}{host.Output()}");
        Assert.True(host.Lines.Count == 1, $"The host printed {host.Lines.Count} lines, not one.{Environment.NewLine}{host.Output()}");
        return host.Lines[0];
    }
}
