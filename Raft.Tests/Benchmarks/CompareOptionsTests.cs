using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Compare;
using Raft.Benchmarks.Journals;

namespace Raft.Tests.Benchmarks;

/// <summary>The compare scenario's command line: its defaults, and every bad option named at once.</summary>
public sealed class CompareOptionsTests
{
    [Fact]
    public void The_defaults_measure_every_contender_on_durable_SQLite_with_the_issues_workloads()
    {
        var args = BenchArgs.Parse([]);

        var scenario = CompareScenario.Read(args);
        args.RejectUnread("compare");

        Assert.Empty(args.Problems);
        Assert.Equal([CompareScenario.Ours, CompareScenario.OursRemote, CompareScenario.DotNext], scenario.Contenders);
        Assert.Equal([1, 8, 64, 1000], scenario.Proposers);
        Assert.Equal(20, scenario.Failovers);
        Assert.Equal(1_000_000, scenario.Entries);
        Assert.Equal(100, scenario.CommandBytes);
        Assert.Equal(JournalKind.Sqlite, scenario.Group.Journal.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(150), scenario.Group.ElectionTimeout);
    }

    [Fact]
    public void Workloads_and_contenders_can_be_chosen()
    {
        var args = BenchArgs.Parse(["--contenders", "dotnext,ours", "--proposers", "1,64", "--failovers", "0", "--entries", "0", "--seconds", "2"]);

        var scenario = CompareScenario.Read(args);

        Assert.Empty(args.Problems);
        Assert.Equal([CompareScenario.DotNext, CompareScenario.Ours], scenario.Contenders);
        Assert.Equal([1, 64], scenario.Proposers);
        Assert.Equal(0, scenario.Failovers);
        Assert.Equal(0, scenario.Entries);
        Assert.Equal(TimeSpan.FromSeconds(2), scenario.Duration);
    }

    [Fact]
    public void Every_bad_option_is_named()
    {
        var args = BenchArgs.Parse(["--contenders", "ours,etcd", "--proposers", "8,lots,0", "--journal", "inmemory"]);

        CompareScenario.Read(args);

        Assert.Equal(
            [
                "--contenders: 'etcd' is not ours, ours-remote or dotnext.",
                "--proposers: 'lots' is not a whole number from 1 to 100000.",
                "--proposers: '0' is not a whole number from 1 to 100000.",
                "--journal inmemory is not durable: compare measures against dotNext's persistent log; use sqlite (the default) or postgres.",
            ],
            args.Problems);
    }

    [Fact]
    public void The_Akka_Remote_contender_refuses_one_SQLite_file_shared_by_its_ActorSystems()
    {
        var args = BenchArgs.Parse(["--contenders", "ours-remote", "--journal", "sqlite", "--sqlite-files", "shared"]);

        CompareScenario.Read(args);

        Assert.Equal(
            ["--sqlite-files shared: ours-remote runs each member in its own ActorSystem, as on its own machine, so each needs its own SQLite file (the default, per-member)."],
            args.Problems);
    }
}
