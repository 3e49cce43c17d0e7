using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Compare;
using Raft.Benchmarks.Contenders;
using Raft.Benchmarks.Contenders.DotNext;
using Raft.Benchmarks.Contenders.Ours;
using Raft.Benchmarks.Journals;
using Raft.Benchmarks.Scenarios;
using Xunit.Abstractions;

namespace Raft.Tests.Benchmarks;

/// <summary>
/// The compare scenario's contenders at tiny scale, on real storage and (for dotNext) real TCP on loopback: the
/// abstraction every workload is written against must commit through each, count every command on every member,
/// and survive its leader being stopped and started again.
/// </summary>
public sealed class ContenderSmokeTests : Akka.TestKit.Xunit2.TestKit
{
    private const int Commands = 100;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private readonly ITestOutputHelper _output;

    public ContenderSmokeTests(ITestOutputHelper output)
        : base(output: output)
    {
        _output = output;
    }

    public static TheoryData<string> Contenders => [CompareScenario.Ours, CompareScenario.DotNext];

    [Theory]
    [MemberData(nameof(Contenders))]
    public async Task Every_member_counts_every_command_one_proposer_committed(string name)
    {
        await using var contender = Create(name);
        await contender.StartAsync(CancellationToken.None);
        await contender.WaitForLeaderAsync(Generous, CancellationToken.None);

        for (var i = 0; i < Commands; i++)
        {
            await contender.ProposeAsync(BenchGroup.Command(100, 0, i), Generous, CancellationToken.None);
        }

        foreach (var member in contender.MemberIds)
        {
            await AwaitAssertAsync(() => Assert.Equal(Commands, contender.Applied(member)), Generous);
        }

        Assert.Null(contender.Failure);
    }

    [Theory]
    [MemberData(nameof(Contenders))]
    public async Task A_failover_round_commits_in_a_later_term_and_the_stopped_leader_catches_up(string name)
    {
        await using var contender = Create(name);
        await contender.StartAsync(CancellationToken.None);
        await contender.WaitForLeaderAsync(Generous, CancellationToken.None);

        var figures = await new FailoverWorkload(contender, rounds: 1, commandBytes: 100, Generous).RunAsync(_output.WriteLine, CancellationToken.None);

        Assert.Equal(1, figures.Rounds);
        Assert.True(figures.Median > 0, $"{name}: failover took {figures.Median} ms");

        // The round committed two commands; the restarted leader has counted both, as every member has.
        foreach (var member in contender.MemberIds)
        {
            await AwaitAssertAsync(() => Assert.Equal(2, contender.Applied(member)), Generous);
        }
    }

    private static IContender Create(string name) => name switch
    {
        CompareScenario.DotNext => new DotNextContender(new DotNextSettings(TimeSpan.FromMilliseconds(150), SnapshotEvery: 100_000)),
        _ => new OursContender(new GroupSettings(new JournalOptions(JournalKind.Sqlite), TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(50))),
    };
}
