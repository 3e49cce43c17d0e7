using System.Text;

namespace Raft.Actors.TestKit.Scenarios;

/// <summary>
/// A scenario failed for one or more seeds. The message lists every failing seed with the first line of its error
/// and the command that replays it alone; the inner exception is the first failing seed's error.
/// </summary>
public sealed class ScenarioFailedException(string scenario, int seedsRun, IReadOnlyList<SeedFailure> failures)
    : Exception(Describe(scenario, seedsRun, failures), failures[0].Error)
{
    private const int Detailed = 20;

    public string Scenario { get; } = scenario;

    public int SeedsRun { get; } = seedsRun;

    public IReadOnlyList<SeedFailure> Failures { get; } = failures;

    /// <summary>The first seed that failed.</summary>
    public int Seed => Failures[0].Seed;

    /// <summary>The shell command that replays <paramref name="seed"/> of <paramref name="scenario"/> alone.</summary>
    public static string ReplayCommand(string scenario, int seed) => $"RAFT_SEED={seed} dotnet test --filter {scenario}";

    private static string Describe(string scenario, int seedsRun, IReadOnlyList<SeedFailure> failures)
    {
        var text = new StringBuilder()
            .Append($"Scenario {scenario} failed for {failures.Count} of {seedsRun} seeds: {string.Join(", ", failures.Select(f => f.Seed))}.");
        foreach (var failure in failures.Take(Detailed))
        {
            text.AppendLine()
                .Append($"  seed {failure.Seed}: {failure.Summary}").AppendLine()
                .Append($"    replay: {ReplayCommand(scenario, failure.Seed)}");
        }

        if (failures.Count > Detailed)
        {
            text.AppendLine().Append($"  ... and {failures.Count - Detailed} more seeds, listed above.");
        }

        return text.ToString();
    }
}
