using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using Raft.Actors.Persistence;

namespace Raft.Tests.Persistence;

/// <summary>A damaged or foreign SQLite journal fails to open or load with an error naming the file, never loading less than was written.</summary>
public sealed class SqliteJournalCorruptionTests : IDisposable
{
    private const string Cluster = "cluster-a";
    private const string Member = "member-1";
    private const int EntryCount = 2_000;
    private readonly TemporaryDirectory _directory = new();

    private string JournalPath => _directory.File("peer.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_file_that_is_not_SQLite_is_reported()
    {
        var garbage = new byte[16 * 1024];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(JournalPath, garbage);
        AssertCorrupted("not a database");
    }

    [Fact]
    public void An_empty_file_is_reported()
    {
        File.WriteAllBytes(JournalPath, []);
        AssertCorrupted("table meta");
    }

    [Fact]
    public void A_truncated_file_is_reported()
    {
        WriteJournal();
        using (var file = new FileStream(JournalPath, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        AssertCorrupted();
    }

    [Fact]
    public void An_overwritten_page_is_reported()
    {
        WriteJournal();
        var bytes = File.ReadAllBytes(JournalPath);

        // A page in the middle of the file belongs to the entries table; filling it with 0xFF breaks the b-tree.
        var page = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(16));
        Array.Fill(bytes, (byte)0xFF, (bytes.Length / page / 2) * page, page);
        File.WriteAllBytes(JournalPath, bytes);
        AssertCorrupted();
    }

    [Fact]
    public void A_flipped_byte_inside_a_command_fails_its_checksum()
    {
        WriteJournal();
        var bytes = File.ReadAllBytes(JournalPath);

        // SQLite does not notice a changed byte inside a value; the row's checksum must.
        var command = TestEntries.Command(1000, 1, 32);
        var at = bytes.AsSpan().IndexOf(command);
        Assert.True(at >= 0, "The command of entry 1000 was not found in the file.");
        bytes[at + 5] ^= 0x01;
        File.WriteAllBytes(JournalPath, bytes);
        AssertCorrupted("entry 1000 fails its checksum");
    }

    [Fact]
    public void A_missing_entry_is_reported()
    {
        WriteJournal();
        Alter("DELETE FROM entries WHERE idx = 500");
        AssertCorrupted("missing");
    }

    [Fact]
    public void A_missing_table_is_reported()
    {
        WriteJournal();
        Alter("DROP TABLE snapshot");
        AssertCorrupted("table snapshot");
    }

    [Theory]
    [InlineData(2, "newer than this build reads")]
    [InlineData(0, "schema version 0 is unknown")]
    public void A_schema_version_this_build_does_not_read_is_reported(long version, string problem)
    {
        WriteJournal();
        Alter($"UPDATE meta SET schema_version = {version}");
        AssertCorrupted(problem);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("scrambled")]
    public void A_torn_last_write_leaves_the_last_committed_state(string damage)
    {
        // What a machine crash leaves: the file and its WAL as they were on disk while the journal was writing.
        var crashed = _directory.File("crashed.db");
        var committed = TestEntries.Range(1, 100, term: 1);
        using (var journal = new SqliteJournal(JournalPath, Cluster, Member))
        {
            journal.Write([new JournalOperation.Append(committed)]);
            var walBeforeLastWrite = new FileInfo(JournalPath + "-wal").Length;
            journal.Write([new JournalOperation.Append(TestEntries.Range(101, 100, term: 1))]);
            File.Copy(JournalPath, crashed);
            File.Copy(JournalPath + "-wal", crashed + "-wal");
            Assert.True(new FileInfo(crashed + "-wal").Length > walBeforeLastWrite, "The last write did not reach the WAL.");
        }

        // The last write's final frame, which holds its commit mark, is cut short or overwritten.
        using (var wal = new FileStream(crashed + "-wal", FileMode.Open))
        {
            if (damage == "truncated")
            {
                wal.SetLength(wal.Length - 100);
            }
            else
            {
                wal.Seek(-100, SeekOrigin.End);
                wal.Write(new byte[100]);
            }
        }

        using var reopened = new SqliteJournal(crashed, Cluster, Member);
        JournalAssert.Recovered(HardState.Initial, null, committed, reopened.Load());
    }

    private void WriteJournal()
    {
        using var journal = new SqliteJournal(JournalPath, Cluster, Member);
        journal.Write([
            new JournalOperation.SaveHardState(new HardState(3, "member-2")),
            new JournalOperation.Append(TestEntries.Range(1, EntryCount, term: 1, commandLength: 32)),
        ]);
    }

    /// <summary>Changes the file behind the journal's back, as a person or a bug might.</summary>
    private void Alter(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={JournalPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Opening and loading must fail, naming the file and, when given, the problem.</summary>
    private void AssertCorrupted(string? problem = null)
    {
        var corrupted = Assert.Throws<JournalCorruptedException>(() =>
        {
            using var journal = new SqliteJournal(JournalPath, Cluster, Member);
            journal.Load();
        });
        Assert.Equal(JournalPath, corrupted.Location);
        Assert.Contains(JournalPath, corrupted.Message);
        if (problem is not null)
        {
            Assert.Contains(problem, corrupted.Message, StringComparison.OrdinalIgnoreCase);
        }
    }
}
