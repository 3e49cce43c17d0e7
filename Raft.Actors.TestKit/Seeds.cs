using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Raft.Actors.TestKit;

/// <summary>
/// Runs a scenario across many seeds. A passing seed proves little, so every scenario runs on many.
/// RAFT_SEED=n replays one seed alone; RAFT_SEEDS=n runs n seeds instead of the default (a nightly run).
/// A failure names the seed and how to replay it.
/// </summary>
public static class Seeds
{
    public static SeedRunReport Run(int defaultCount, Action<int> scenario, [CallerMemberName] string scenarioName = "")
    {
        var seeds = SeedsToRun(defaultCount);
        var clock = Stopwatch.StartNew();
        foreach (var seed in seeds)
        {
            try
            {
                scenario(seed);
            }
            catch (Exception ex)
            {
                throw new ScenarioFailedException(scenarioName, seed, ex);
            }
        }

        return new SeedRunReport(scenarioName, seeds.Count, clock.Elapsed);
    }

    private static List<int> SeedsToRun(int defaultCount)
    {
        if (Environment.GetEnvironmentVariable("RAFT_SEED") is { Length: > 0 } one)
        {
            return [int.Parse(one, System.Globalization.CultureInfo.InvariantCulture)];
        }

        var count = Environment.GetEnvironmentVariable("RAFT_SEEDS") is { Length: > 0 } many
            ? int.Parse(many, System.Globalization.CultureInfo.InvariantCulture)
            : defaultCount;
        return Enumerable.Range(1, count).ToList();
    }
}
