using Raft.Actors.TestKit.Scenarios;

namespace Raft.Tests.Scenarios;

/// <summary>The seed runner every scenario goes through: which seeds run, and what a failure says.</summary>
public sealed class SeedsTests
{
    private const string Scenario = "SomeScenarios.Something_holds";

    [Fact]
    public void Every_seed_runs_and_every_failing_seed_is_listed_with_its_error_and_replay_command()
    {
        var ran = new List<int>();
        var failure = Assert.Throws<ScenarioFailedException>(() => Seeds.Run([.. Enumerable.Range(1, 10)], seed =>
        {
            ran.Add(seed);
            if (seed % 3 == 0)
            {
                throw new InvalidOperationException($"broke on seed {seed}\nand a second line");
            }
        }, Scenario));

        Assert.Equal(Enumerable.Range(1, 10), ran);
        Assert.Equal([3, 6, 9], failure.Failures.Select(f => f.Seed));
        Assert.Equal(3, failure.Seed);
        Assert.Equal(10, failure.SeedsRun);
        Assert.StartsWith($"Scenario {Scenario} failed for 3 of 10 seeds: 3, 6, 9.", failure.Message, StringComparison.Ordinal);
        foreach (var seed in new[] { 3, 6, 9 })
        {
            Assert.Contains($"seed {seed}: InvalidOperationException: broke on seed {seed}{Environment.NewLine}", failure.Message, StringComparison.Ordinal);
            Assert.Contains($"replay: RAFT_SEED={seed} dotnet test --filter {Scenario}", failure.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("a second line", failure.Message, StringComparison.Ordinal);
        Assert.Equal("broke on seed 3\nand a second line", failure.InnerException?.Message);
    }

    [Fact]
    public void A_long_list_of_failing_seeds_names_them_all_and_details_the_first_twenty()
    {
        var failure = Assert.Throws<ScenarioFailedException>(() =>
            Seeds.Run([.. Enumerable.Range(1, 30)], seed => throw new InvalidOperationException($"broke on seed {seed}"), Scenario));

        Assert.Equal(30, failure.Failures.Count);
        Assert.Contains($"failed for 30 of 30 seeds: {string.Join(", ", Enumerable.Range(1, 30))}.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("RAFT_SEED=20 dotnet test", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("RAFT_SEED=21 dotnet test", failure.Message, StringComparison.Ordinal);
        Assert.Contains("and 10 more seeds", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_failures_reports_how_many_seeds_it_ran()
    {
        var ran = 0;
        var report = Seeds.Run([4, 5, 6], _ => ran++, Scenario);

        Assert.Equal(3, ran);
        Assert.Equal(3, report.Seeds);
        Assert.Equal(Scenario, report.Scenario);
    }

    [Fact]
    public void The_default_is_seeds_one_to_the_scenarios_count() =>
        Assert.Equal(Enumerable.Range(1, 200), Seeds.Choose(200, Variables(("OTHER", "1"))));

    [Fact]
    public void RAFT_SEEDS_runs_seeds_one_to_n_instead() =>
        Assert.Equal(Enumerable.Range(1, 5000), Seeds.Choose(200, Variables(("RAFT_SEEDS", "5000"))));

    [Fact]
    public void RAFT_SEED_replays_that_seed_alone_even_when_RAFT_SEEDS_is_set() =>
        Assert.Equal([17], Seeds.Choose(200, Variables(("RAFT_SEEDS", "5000"), ("RAFT_SEED", "17"))));

    [Theory]
    [InlineData("RAFT_SEEDS", "many")]
    [InlineData("RAFT_SEEDS", "0")]
    [InlineData("RAFT_SEED", "-3")]
    [InlineData("RAFT_SEED", "1e3")]
    public void A_variable_that_is_not_a_seed_count_is_refused_naming_it(string variable, string value)
    {
        var refused = Assert.Throws<ArgumentException>(() => Seeds.Choose(200, Variables((variable, value))));

        Assert.Contains($"{variable}='{value}'", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/src/Raft.Tests/Scenarios/ElectionScenarios.cs")]
    [InlineData(@"C:\src\Raft.Tests\Scenarios\ElectionScenarios.cs")]
    public void A_scenario_is_named_by_its_file_and_method_so_the_name_is_a_test_filter(string file) =>
        Assert.Equal("ElectionScenarios.Leader_is_elected", Seeds.TestName(file, "Leader_is_elected"));

    [Fact]
    public void The_caller_is_named_as_class_and_method()
    {
        var report = Seeds.Run(1, _ => { });

        Assert.Equal($"{nameof(SeedsTests)}.{nameof(The_caller_is_named_as_class_and_method)}", report.Scenario);
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] variables) =>
        name => variables.LastOrDefault(v => v.Name == name).Value;
}
