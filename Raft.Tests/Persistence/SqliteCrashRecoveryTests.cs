using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

public sealed class SqliteCrashRecoveryTests(ITestOutputHelper output) : CrashRecovery(output)
{
    [Fact]
    public Task Every_acknowledged_entry_the_term_and_the_vote_survive_repeated_SIGKILLs() =>
        KillRepeatedlyAndVerify(JournalKind.Sqlite);
}
