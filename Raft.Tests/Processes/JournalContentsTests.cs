using Raft.Tests.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Processes;

public sealed class JournalContentsTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    [Fact]
    public async Task Reading_a_journal_that_is_not_there_fails_naming_the_file_and_creates_nothing()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("raft.n2.db"), "");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => JournalContents.ReadAsync(this, directory.Path, "raft", "n1"));

        Assert.Contains(directory.File("raft.n1.db"), error.Message, StringComparison.Ordinal);
        Assert.Contains("raft.n2.db", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File("raft.n1.db")));
    }
}
