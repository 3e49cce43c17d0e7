using System.Diagnostics;
using Raft.Actors.TestKit.Simulation;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Scenarios;

/// <summary>
/// <c>simulate</c>: how fast the deterministic simulation runs, which bounds how many seeded scenarios the test suite
/// can afford. Runs <see cref="SimulationSpeed"/>'s reference scenario (a group starts, elects a leader, runs ten
/// simulated seconds and has its safety checked) on seeds 1..<see cref="Seeds"/>, <see cref="Repeat"/> times after
/// a warm-up round of up to <see cref="WarmupSeeds"/> seeds (JIT and tiered compilation). Every round runs the same seeds, so rounds differ only by the machine's noise. No actor
/// system: the simulation drives the pure cores on this thread.
/// </summary>
internal sealed class SimulateScenario : IScenario
{
    private const int WarmupSeeds = 200;

    private string _stage = "starting";
    private long _stageStarted = Stopwatch.GetTimestamp();

    private SimulateScenario(int seeds, int members, int repeat)
    {
        Seeds = seeds;
        Members = members;
        Repeat = repeat;
    }

    public string Name => "simulate";

    public int Seeds { get; }

    public int Members { get; }

    public int Repeat { get; }

    public string Options => $"seeds={Seeds}, members={Members}, repeat={Repeat}, scenario=elect then {SimulationSpeed.ScenarioLength.TotalSeconds:0} simulated s";

    public static SimulateScenario Read(BenchArgs args)
    {
        var seeds = args.Int("seeds", 2000, 1, 10_000_000);
        var members = args.Int("members", 3, 1, 15);
        var repeat = args.Int("repeat", 3, 1, 1000);
        return new SimulateScenario(seeds, members, repeat);
    }

    public async Task<ScenarioResult> RunAsync(RunContext context)
    {
        var rounds = new List<SimulationSpeedReport>();
        GcCounters before;
        GcCounters after;
        await using (var progress = context.Progress(ProgressLine))
        {
            SetStage("warm-up round");
            var warmup = await Task.Run(() => SimulationSpeed.Measure(Math.Min(Seeds, WarmupSeeds), Members), CancellationToken.None).ConfigureAwait(false);
            progress.Event($"warm-up: {Describe(warmup)}");
            before = GcCounters.Read();
            for (var round = 1; round <= Repeat && !context.Interrupted.IsCancellationRequested; round++)
            {
                SetStage($"round {round}/{Repeat}");
                var report = await Task.Run(() => SimulationSpeed.Measure(Seeds, Members), CancellationToken.None).ConfigureAwait(false);
                rounds.Add(report);
                progress.Event($"round {round}/{Repeat}: {Describe(report)}");
            }

            after = GcCounters.Read();
            SetStage("done");
        }

        var seedsPerSecond = Spread(rounds.Select(r => r.SeedsPerSecond));
        var speedUp = Spread(rounds.Select(r => r.SpeedUp));
        var eventsPerSecond = Spread(rounds.Select(r => r.EventsPerSecond));
        var events = rounds.Sum(r => r.Events);
        var lines = new List<string>
        {
            Format.Invariant($"rounds      {rounds.Count} × {Format.Count(Seeds)} seeds of a {Members}-member group (elect, then {SimulationSpeed.ScenarioLength.TotalSeconds:0} simulated s, safety checked), after a warm-up round"),
            $"seeds/s     median {Format.Rate(seedsPerSecond.Median)}, min {Format.Rate(seedsPerSecond.Min)}, max {Format.Rate(seedsPerSecond.Max)}",
            $"speed-up    simulated seconds per wall second: median {Format.Rate(speedUp.Median)}, min {Format.Rate(speedUp.Min)}, max {Format.Rate(speedUp.Max)}",
            $"events/s    median {Format.Rate(eventsPerSecond.Median)} ({Format.Count(events)} events, {Format.Count(rounds.Sum(r => r.Messages))} messages in all)",
            $"memory      {after.Since(before)} ({(events == 0 ? "n/a" : Format.Invariant($"{(after.Allocated - before.Allocated) / (double)events:0} B"))} per event, whole process)",
        };
        var summary = $"{Format.Rate(seedsPerSecond.Median)} seeds/s, {Format.Rate(speedUp.Median)} simulated s per wall s (medians of {rounds.Count} rounds of {Format.Count(Seeds)} seeds)";
        return new ScenarioResult(lines, summary, context.Interrupted.IsCancellationRequested);
    }

    private static (double Median, double Min, double Max) Spread(IEnumerable<double> samples) => Format.Spread([.. samples]);

    private static string Describe(SimulationSpeedReport report) =>
        $"{Format.Count(report.Seeds)} seeds in {Format.Seconds(report.Elapsed)}: {Format.Rate(report.SeedsPerSecond)} seeds/s, {Format.Rate(report.SpeedUp)} simulated s per wall s, {Format.Rate(report.EventsPerSecond)} events/s";

    private void SetStage(string stage)
    {
        Volatile.Write(ref _stageStarted, Stopwatch.GetTimestamp());
        Volatile.Write(ref _stage, stage);
    }

    private string ProgressLine() =>
        $"{Volatile.Read(ref _stage)}: {Format.Seconds(Stopwatch.GetElapsedTime(Volatile.Read(ref _stageStarted)))}";
}
