using System.Diagnostics;
using HdrHistogram;
using Raft.Actors.Cluster;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Measurement;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Scenarios;

/// <summary>
/// <c>throughput</c> and <c>latency</c>: a 3-member <see cref="RaftGroup"/> in one actor system; <see cref="Proposers"/>
/// tasks each loop <c>await client.ProposeAsync(command)</c>. After the warm-up, every proposal that completes during the measured
/// window counts toward the rate (committed and applied commands per second) and has its latency — wall time from
/// the call to its result — recorded. <c>latency</c> is the same with a single, sequential proposer.
/// </summary>
internal sealed class ProposalScenario : IScenario
{
    private const int Electing = 0;
    private const int Warming = 1;
    private const int Measuring = 2;
    private const int Done = 3;

    private static readonly double[] ReportedPercentiles = [50, 90, 99, 99.9];
    private static readonly string[] MemberIds = ["n1", "n2", "n3"];

    private readonly LatencyRecorder _latencies = new();
    private readonly GroupSettings _group;
    private int _stage = Electing;
    private long _completed;
    private long _failed;
    private long _timedOut;
    private long _measuredFailed;
    private long _measuredTimedOut;
    private string? _unexpected;

    private ProposalScenario(string name, GroupSettings group, int proposers, TimeSpan duration, TimeSpan warmup, int commandBytes, bool sampleAllocations)
    {
        SampleAllocations = sampleAllocations;
        Name = name;
        _group = group;
        Proposers = proposers;
        Duration = duration;
        Warmup = warmup;
        CommandBytes = commandBytes;
    }

    public string Name { get; }

    public int Proposers { get; }

    public TimeSpan Duration { get; }

    public TimeSpan Warmup { get; }

    public int CommandBytes { get; }

    /// <summary><c>--allocations</c>: report which types the measured window allocated (<see cref="AllocationSampler"/>).</summary>
    public bool SampleAllocations { get; }

    public string Options => Format.Invariant(
        $"{(Name == "latency" ? "" : $"proposers={Proposers}, ")}seconds={Duration.TotalSeconds:0.##}, warmup={Warmup.TotalSeconds:0.##}, command-bytes={CommandBytes}, {_group}");

    public static ProposalScenario ReadThroughput(BenchArgs args) => Read("throughput", args, args.Int("proposers", 1000, 1, 1_000_000));

    public static ProposalScenario ReadLatency(BenchArgs args) => Read("latency", args, proposers: 1);

    public async Task<ScenarioResult> RunAsync(RunContext context)
    {
        await using var bench = BenchGroup.Create(_group, Name);
        bench.Start(MemberIds);
        var proposers = new Task[Proposers];
        var interrupted = false;
        long windowStart;
        long windowEnd;
        GcCounters before;
        GcCounters after;
        TimeSpan cpuBefore;
        TimeSpan cpuAfter;
        using var sampler = SampleAllocations ? new AllocationSampler() : null;
        await using (var progress = context.Progress(ProgressLine(bench, context.Clock)))
        {
            var (leader, electedAfter) = await bench.WaitForLeaderAsync(TimeSpan.FromSeconds(10), context.Interrupted).ConfigureAwait(false);
            progress.Event($"{leader.MemberId} leads term {leader.Term}, elected {Format.Ms(electedAfter)} after the group started; journals {bench.Journals.Location}.");
            progress.Event($"starting {Format.Count(Proposers)} proposer{(Proposers == 1 ? "" : "s")}: {Format.Seconds(Warmup)} warm-up, then {Format.Seconds(Duration)} measured");
            Volatile.Write(ref _stage, Warming);
            for (var i = 0; i < Proposers; i++)
            {
                var proposer = i;
                proposers[i] = Task.Run(() => ProposeLoop(bench.Client, proposer));
            }

            interrupted = !await Steps.WaitAsync(Warmup, bench, context.Interrupted).ConfigureAwait(false);
            sampler?.Start();
            before = GcCounters.Read();
            cpuBefore = ProcessorTime();
            windowStart = Stopwatch.GetTimestamp();
            Volatile.Write(ref _stage, Measuring);
            if (!interrupted)
            {
                progress.Event("warm-up over, measuring");
                interrupted = !await Steps.WaitAsync(Duration, bench, context.Interrupted).ConfigureAwait(false);
            }

            Volatile.Write(ref _stage, Done);
            windowEnd = Stopwatch.GetTimestamp();
            cpuAfter = ProcessorTime();
            after = GcCounters.Read();
            sampler?.Stop();
            progress.Event("measurement over, waiting for the proposals in flight");

            // Each proposer stops after its proposal in flight, which ends within the proposal timeout.
            var allDone = Task.WhenAll(proposers);
            if (await Task.WhenAny(allDone, Task.Delay(TimeSpan.FromSeconds(15), CancellationToken.None)).ConfigureAwait(false) != allDone)
            {
                progress.Event("some proposals are still in flight after 15 s; disposing the group ends them");
            }
        }

        bench.ThrowIfFailed();
        if (Volatile.Read(ref _unexpected) is { } unexpected)
        {
            throw new BenchmarkFailedException($"A proposer failed unexpectedly: {unexpected}");
        }

        Interlocked.MemoryBarrier();
        return Result(_latencies.Snapshot(), Stopwatch.GetElapsedTime(windowStart, windowEnd), before, after, cpuAfter - cpuBefore, sampler, interrupted);
    }

    private static ProposalScenario Read(string name, BenchArgs args, int proposers)
    {
        var duration = args.Duration("seconds", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var warmup = args.Duration("warmup", TimeSpan.FromSeconds(2), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var commandBytes = args.Int("command-bytes", 100, 1, 1 << 20);
        var sampleAllocations = args.Flag("allocations");
        return new ProposalScenario(name, GroupSettings.Read(args), proposers, duration, warmup, commandBytes, sampleAllocations);
    }

    private async Task ProposeLoop(RaftGroupClient client, int proposer)
    {
        long sequence = 0;
        while (Volatile.Read(ref _stage) != Done)
        {
            var command = BenchGroup.Command(CommandBytes, proposer, sequence++);
            var start = Stopwatch.GetTimestamp();
            try
            {
                await client.ProposeAsync(command).ConfigureAwait(false);
            }
            catch (ProposalFailedException)
            {
                // Accepted, then leadership was lost: the outcome is unknown. Not expected in a healthy, steady group.
                Interlocked.Increment(ref _failed);
                if (Volatile.Read(ref _stage) == Measuring)
                {
                    Interlocked.Increment(ref _measuredFailed);
                }

                continue;
            }
            catch (TimeoutException)
            {
                Interlocked.Increment(ref _timedOut);
                if (Volatile.Read(ref _stage) == Measuring)
                {
                    Interlocked.Increment(ref _measuredTimedOut);
                }

                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _unexpected, $"{ex.GetType().Name}: {ex.Message}", null);
                return;
            }

            var end = Stopwatch.GetTimestamp();
            if (Volatile.Read(ref _stage) == Measuring)
            {
                _latencies.RecordSince(start, end);
            }

            Interlocked.Increment(ref _completed);
        }
    }

    private Func<string> ProgressLine(BenchGroup bench, Stopwatch clock)
    {
        var lastCompleted = 0L;
        var lastTime = clock.Elapsed;
        return () =>
        {
            var now = clock.Elapsed;
            var completed = Interlocked.Read(ref _completed);
            var rate = (completed - lastCompleted) / Math.Max((now - lastTime).TotalSeconds, 1e-9);
            (lastCompleted, lastTime) = (completed, now);
            var stage = Volatile.Read(ref _stage) switch
            {
                Electing => "electing ",
                Warming => "warm-up  ",
                Measuring => "measuring",
                _ => "draining ",
            };
            var failure = bench.Failure is { } f ? $" | FAILED: {f}" : "";
            return $"{stage} | {Format.Rate(rate),8} cmd/s | done {Format.Count(completed)} | failed {Interlocked.Read(ref _failed)} | timed out {Interlocked.Read(ref _timedOut)} | leader {bench.Client.Leader ?? "(none)"}{failure}";
        };
    }

    private static string PerCommand(long bytes, long commands) =>
        commands == 0 ? "n/a" : Format.Invariant($"{bytes / (double)commands:N0} B");

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static string CpuPerCommand(TimeSpan cpu, TimeSpan window, long commands) =>
        Format.Invariant($"{cpu.TotalSeconds:0.00} s of processor time in {window.TotalSeconds:0.00} s ({cpu / window:0.00} cores busy)") +
        (commands == 0 ? "" : Format.Invariant($", {cpu.TotalMicroseconds / commands:0.0} µs per command (whole process)"));

    private ScenarioResult Result(
        LongHistogram latencies, TimeSpan window, GcCounters before, GcCounters after, TimeSpan cpu, AllocationSampler? sampler, bool interrupted)
    {
        var rate = latencies.TotalCount / window.TotalSeconds;
        var percentiles = Format.Percentiles(latencies, ReportedPercentiles);
        var lines = new List<string>
        {
            Format.Invariant($"proposers   {Format.Count(Proposers)} × {CommandBytes}-byte commands; {Format.Seconds(window)} measured after {Format.Seconds(Warmup)} warm-up"),
            $"committed   {Format.Count(latencies.TotalCount)} commands committed and applied = {Format.Rate(rate)} commands/s",
            $"latency     {percentiles}, mean {Format.NanosAsMs((long)latencies.GetMean())} (per proposal, from the call to its result)",
            $"errors      {Interlocked.Read(ref _measuredFailed)} failed with outcome unknown, {Interlocked.Read(ref _measuredTimedOut)} timed out (while measuring; {Interlocked.Read(ref _failed)} and {Interlocked.Read(ref _timedOut)} in all)",
            $"memory      {after.Since(before)} ({PerCommand(after.Allocated - before.Allocated, latencies.TotalCount)} per command, whole process); peak working set {Format.Megabytes(Process.GetCurrentProcess().PeakWorkingSet64)}",
            $"cpu         {CpuPerCommand(cpu, window, latencies.TotalCount)}",
        };
        if (sampler is not null)
        {
            lines.Add("allocations sampled by type (GCAllocationTick, about one per 100 KB):");
            lines.AddRange(sampler.Report(latencies.TotalCount, top: 25));
        }

        var p50 = Format.NanosAsMs(latencies.GetValueAtPercentile(50));
        var p90 = Format.NanosAsMs(latencies.GetValueAtPercentile(90));
        var p99 = Format.NanosAsMs(latencies.GetValueAtPercentile(99));
        var max = Format.NanosAsMs(latencies.GetMaxValue());
        var errors = Interlocked.Read(ref _measuredFailed) + Interlocked.Read(ref _measuredTimedOut);
        var errorNote = errors == 0 ? "" : $"; {errors} proposals failed or timed out";
        var summary = Name == "latency"
            ? $"p50 {p50}, p99 {p99}, max {max} ({Format.Count(latencies.TotalCount)} commands, {Format.Rate(rate)}/s){errorNote}"
            : $"{Format.Rate(rate)} commands/s; latency p50 {p50}, p90 {p90}, p99 {p99}, max {max}{errorNote}";
        return new ScenarioResult(lines, summary, interrupted);
    }
}
