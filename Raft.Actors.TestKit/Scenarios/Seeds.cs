using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Raft.Actors.TestKit.Scenarios;

/// <summary>
/// Runs a scenario across many seeds: a passing seed proves little, so every scenario runs on many. Every seed runs,
/// failing or not, and the run then fails listing each failing seed with its error and the command that replays it
/// alone (a failing seed stops at its first broken expectation, so collecting them all costs no more than a green run).
/// <c>RAFT_SEED=n</c> replays seed n alone; <c>RAFT_SEEDS=n</c> runs seeds 1..n instead of the default count.
/// </summary>
public static class Seeds
{
    /// <summary>Replays one seed: <c>RAFT_SEED=17 dotnet test --filter ...</c>.</summary>
    public const string SeedVariable = "RAFT_SEED";

    /// <summary>Runs seeds 1..n instead of each scenario's default count (a nightly run).</summary>
    public const string CountVariable = "RAFT_SEEDS";

    /// <summary>
    /// Runs <paramref name="scenario"/> for each seed chosen by the environment (by default 1..<paramref name="defaultCount"/>).
    /// The test is named from the calling file and method (<c>ElectionScenarios.Three_peers_elect_one_leader</c>), which
    /// is also the <c>dotnet test --filter</c> that selects it.
    /// </summary>
    /// <exception cref="ScenarioFailedException">Some seeds failed; it lists each.</exception>
    public static SeedRunReport Run(int defaultCount, Action<int> scenario, [CallerMemberName] string testMethod = "", [CallerFilePath] string testFile = "") =>
        Run(Choose(defaultCount, Environment.GetEnvironmentVariable), scenario, TestName(testFile, testMethod));

    /// <summary>Runs <paramref name="scenario"/> for every one of <paramref name="seeds"/>, then fails listing every seed that failed.</summary>
    public static SeedRunReport Run(IReadOnlyList<int> seeds, Action<int> scenario, string scenarioName)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(scenario);
        var failures = new List<SeedFailure>();
        var clock = Stopwatch.StartNew();
        foreach (var seed in seeds)
        {
            try
            {
                scenario(seed);
            }
            catch (Exception ex)
            {
                failures.Add(new SeedFailure(seed, ex));
            }
        }

        return failures.Count > 0
            ? throw new ScenarioFailedException(scenarioName, seeds.Count, failures)
            : new SeedRunReport(scenarioName, seeds.Count, clock.Elapsed);
    }

    /// <summary>The seeds to run given the environment: <see cref="SeedVariable"/>, else 1..<see cref="CountVariable"/>, else 1..<paramref name="defaultCount"/>.</summary>
    /// <exception cref="ArgumentException">A variable is set to something other than a positive whole number; the message names it.</exception>
    public static IReadOnlyList<int> Choose(int defaultCount, Func<string, string?> environment)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultCount, 1);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(SeedVariable) is { Length: > 0 } one)
        {
            return [Parse(SeedVariable, one, minimum: 0)];
        }

        var count = environment(CountVariable) is { Length: > 0 } many ? Parse(CountVariable, many, minimum: 1) : defaultCount;
        return [.. Enumerable.Range(1, count)];
    }

    /// <summary>"Class.Method" from the caller's file (one type per file) and member name.</summary>
    internal static string TestName(string testFile, string testMethod)
    {
        var type = Path.GetFileNameWithoutExtension(testFile.Replace('\\', '/').Split('/')[^1]);
        return type.Length > 0 ? $"{type}.{testMethod}" : testMethod;
    }

    private static int Parse(string variable, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new ArgumentException($"{variable}='{value}' is not a whole number of at least {minimum}.");
}
