using Raft.Actors.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

/// <summary>The SQLite journal against the contract, and its checks of who owns a file.</summary>
public sealed class SqliteJournalTests(ITestOutputHelper output) : JournalConformanceTests(output)
{
    private const string Cluster = "cluster-a";
    private const string Member = "member-1";
    private readonly TemporaryDirectory _directory = new();

    private string JournalPath => _directory.File("peer.db");

    [Theory]
    [InlineData("cluster-b", Member)]
    [InlineData(Cluster, "member-2")]
    public void A_journal_of_another_cluster_or_member_is_refused_naming_its_path(string cluster, string member)
    {
        using (Open())
        {
        }

        var refused = Assert.Throws<JournalOwnershipException>(() => new SqliteJournal(JournalPath, cluster, member));
        Assert.Equal(JournalPath, refused.Location);
        Assert.Contains(JournalPath, refused.Message);
        Assert.Contains($"'{Member}' of cluster '{Cluster}'", refused.Message);
    }

    [Fact]
    public void A_journal_held_open_by_another_connection_is_refused()
    {
        using var holder = Open();
        var refused = Assert.Throws<IOException>(() => new SqliteJournal(JournalPath, Cluster, Member));
        Assert.Contains(JournalPath, refused.Message);
    }

    [Fact]
    public void A_journal_is_created_with_its_folder_and_leaves_no_draft()
    {
        var path = _directory.File(Path.Combine("nested", "peer.db"));
        using (new SqliteJournal(path, Cluster, Member))
        {
        }

        Assert.Equal(["peer.db"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    protected override IRaftJournal Open() => new SqliteJournal(JournalPath, Cluster, Member);

    protected override void Cleanup() => _directory.Dispose();
}
