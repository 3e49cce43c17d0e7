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

        var unknown = 0;
        for (var i = 0; i < Commands; i++)
        {
            unknown += await ProposeUntilCommittedAsync(contender, BenchGroup.Command(100, 0, i));
        }

        // Every member counts every committed command once; a proposal whose outcome was unknown (leadership moved
        // after accepting it; it was proposed again) may have committed as well.
        await AwaitAssertAsync(() => AssertAllCount(contender, Commands, Commands + unknown), Generous);
        Assert.Null(contender.Failure);
    }

    [Theory]
    [MemberData(nameof(Contenders))]
    public async Task A_failover_round_commits_in_a_later_term_and_the_stopped_leader_catches_up(string name)
    {
        await using var contender = Create(name);
        await contender.StartAsync(CancellationToken.None);
        await contender.WaitForLeaderAsync(Generous, CancellationToken.None);

        // The workload itself checks that the commit after the stop came in a later term.
        var figures = await new FailoverWorkload(contender, rounds: 1, commandBytes: 100, Generous).RunAsync(_output.WriteLine, CancellationToken.None);

        Assert.Equal(1, figures.Rounds);
        Assert.True(figures.Median > 0, $"{name}: failover took {figures.Median} ms");

        // The round committed a command before the stop and one after; the restarted leader has counted them, as
        // every member has (plus any retried proposal whose first attempt committed too).
        await AwaitAssertAsync(() => AssertAllCount(contender, 2, 2 + figures.Retries), Generous);
        Assert.Null(contender.Failure);
    }

    /// <summary>Proposes until the command commits; returns how many attempts ended with their outcome unknown.</summary>
    private static async Task<int> ProposeUntilCommittedAsync(IContender contender, byte[] command)
    {
        for (var failed = 0; ; failed++)
        {
            try
            {
                await contender.ProposeAsync(command, Generous, CancellationToken.None);
                return failed;
            }
            catch (Exception ex) when (failed < 5 && ex is not OperationCanceledException)
            {
                // Leadership moved (the machine is shared and loaded); the next attempt goes to the next leader.
            }
        }
    }

    private static void AssertAllCount(IContender contender, long atLeast, long atMost)
    {
        var counts = contender.MemberIds.Select(contender.Applied).ToArray();
        Assert.True(counts.Distinct().Count() == 1, $"members count differently: {string.Join(", ", counts)}");
        Assert.InRange(counts[0], atLeast, atMost);
    }

    // Election timeouts of [1, 2) s, not the benchmark's [150, 300) ms: these tests check the abstraction, and on a
    // loaded CI machine a member starved for 150 ms would move leadership in the middle of them.
    private static IContender Create(string name) => name switch
    {
        CompareScenario.DotNext => new DotNextContender(new DotNextSettings(TimeSpan.FromSeconds(1), SnapshotEvery: 100_000)),
        _ => new OursContender(new GroupSettings(new JournalOptions(JournalKind.Sqlite), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200))),
    };
}
