using System.Diagnostics;
using HdrHistogram;
using Raft.Actors.Cluster;
using Raft.Actors.Core;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Measurement;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Scenarios;

/// <summary>
/// <c>reads</c>: a 3-member <see cref="RaftGroup"/> in one actor system; <see cref="Readers"/> tasks each loop
/// <c>await client.ReadAsync(query)</c> at the leader, or spread over every member with <c>--at any</c> (followers
/// get a read index from the leader). Reads confirm leadership by ReadIndex rounds or a lease (<c>--read-mode</c>);
/// none writes to the log. Every read that completes in the measured window counts, with its latency from the call
/// to its answer.
/// </summary>
internal sealed class ReadScenario : IScenario
{
    private static readonly double[] ReportedPercentiles = [50, 90, 99, 99.9];
    private static readonly string[] MemberIds = ["n1", "n2", "n3"];
    private static readonly byte[] Query = [1];

    private readonly LatencyRecorder _latencies = new();
    private readonly GroupSettings _group;
    private volatile bool _measuring;
    private volatile bool _done;
    private long _completed;
    private long _failed;
    private string? _unexpected;

    private ReadScenario(GroupSettings group, int readers, TimeSpan duration, TimeSpan warmup, ReadMode mode, bool anyMember)
    {
        _group = group;
        Readers = readers;
        Duration = duration;
        Warmup = warmup;
        Mode = mode;
        AnyMember = anyMember;
    }

    public string Name => "reads";

    public int Readers { get; }

    public TimeSpan Duration { get; }

    public TimeSpan Warmup { get; }

    public ReadMode Mode { get; }

    public bool AnyMember { get; }

    public string Options => Format.Invariant(
        $"readers={Readers}, read-mode={(Mode == ReadMode.Lease ? "lease" : "readindex")}, at={(AnyMember ? "any" : "leader")}, seconds={Duration.TotalSeconds:0.##}, warmup={Warmup.TotalSeconds:0.##}, {_group}");

    public static ReadScenario Read(BenchArgs args)
    {
        var readers = args.Int("readers", 1000, 1, 1_000_000);
        var duration = args.Duration("seconds", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var warmup = args.Duration("warmup", TimeSpan.FromSeconds(2), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var mode = args.Choice("read-mode", "readindex", "readindex", "lease") == "lease" ? ReadMode.Lease : ReadMode.ReadIndex;
        var anyMember = args.Choice("at", "leader", "leader", "any") == "any";
        return new ReadScenario(GroupSettings.Read(args), readers, duration, warmup, mode, anyMember);
    }

    public async Task<ScenarioResult> RunAsync(RunContext context)
    {
        await using var bench = BenchGroup.Create(_group, Name);
        bench.Start(MemberIds, readMode: Mode);
        var readers = new Task[Readers];
        long windowStart;
        long windowEnd;
        bool interrupted;
        await using (var progress = context.Progress(() => $"{Format.Count(Interlocked.Read(ref _completed))} reads, {Interlocked.Read(ref _failed)} failed, leader {bench.Client.Leader ?? "(none)"}"))
        {
            var (leader, _) = await bench.WaitForLeaderAsync(TimeSpan.FromSeconds(10), context.Interrupted).ConfigureAwait(false);
            progress.Event($"{leader.MemberId} leads term {leader.Term}; starting {Format.Count(Readers)} readers");

            // The leader's no-op must commit before it serves reads: one write first.
            await bench.Client.ProposeAsync([0]).ConfigureAwait(false);
            for (var i = 0; i < Readers; i++)
            {
                var reader = i;
                readers[i] = Task.Run(() => ReadLoop(bench.Client, reader));
            }

            interrupted = !await Steps.WaitAsync(Warmup, bench, context.Interrupted).ConfigureAwait(false);
            windowStart = Stopwatch.GetTimestamp();
            _measuring = true;
            if (!interrupted)
            {
                interrupted = !await Steps.WaitAsync(Duration, bench, context.Interrupted).ConfigureAwait(false);
            }

            _measuring = false;
            _done = true;
            windowEnd = Stopwatch.GetTimestamp();
            await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None).ConfigureAwait(false);
        }

        bench.ThrowIfFailed();
        if (Volatile.Read(ref _unexpected) is { } unexpected)
        {
            throw new BenchmarkFailedException($"A reader failed unexpectedly: {unexpected}");
        }

        return Result(_latencies.Snapshot(), Stopwatch.GetElapsedTime(windowStart, windowEnd), interrupted);
    }

    private async Task ReadLoop(RaftGroupClient client, int reader)
    {
        var member = AnyMember ? MemberIds[reader % MemberIds.Length] : null;
        while (!_done)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await client.ReadAsync(Query, member).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Interlocked.Increment(ref _failed);
                continue;
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _unexpected, $"{ex.GetType().Name}: {ex.Message}", null);
                return;
            }

            if (_measuring)
            {
                _latencies.RecordSince(start, Stopwatch.GetTimestamp());
            }

            Interlocked.Increment(ref _completed);
        }
    }

    private ScenarioResult Result(LongHistogram latencies, TimeSpan window, bool interrupted)
    {
        var rate = latencies.TotalCount / window.TotalSeconds;
        var p50 = Format.NanosAsMs(latencies.GetValueAtPercentile(50));
        var p99 = Format.NanosAsMs(latencies.GetValueAtPercentile(99));
        var max = Format.NanosAsMs(latencies.GetMaxValue());
        var lines = new List<string>
        {
            $"readers     {Format.Count(Readers)} at {(AnyMember ? "every member" : "the leader")}, {(Mode == ReadMode.Lease ? "lease" : "ReadIndex")}; {Format.Seconds(window)} measured after {Format.Seconds(Warmup)} warm-up",
            $"read        {Format.Count(latencies.TotalCount)} reads = {Format.Rate(rate)} reads/s",
            $"latency     {Format.Percentiles(latencies, ReportedPercentiles)}, mean {Format.NanosAsMs((long)latencies.GetMean())} (per read, from the call to its answer)",
            $"errors      {Interlocked.Read(ref _failed)} timed out",
        };
        return new ScenarioResult(lines, $"{Format.Rate(rate)} reads/s; latency p50 {p50}, p99 {p99}, max {max}", interrupted);
    }
}
