using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

public sealed class PostgresCrashRecoveryTests(ITestOutputHelper output) : CrashRecovery(output)
{
    [PostgresFact]
    public Task Every_acknowledged_entry_the_term_and_the_vote_survive_repeated_SIGKILLs() =>
        KillRepeatedlyAndVerify(JournalKind.Postgres);
}
