using System.Diagnostics;
using Akka.Actor;
using Raft.Actors.Cluster;
using Raft.Actors.Core;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Journals;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Scenarios;

/// <summary>
/// <c>restart</c>: how long a member takes to come back from a long log. Writes <see cref="Entries"/> entries (term 1,
/// no snapshot: the worst case the snapshot policy normally prevents) into member n1's journal under its persistence
/// id, as <see cref="JournalOperation.Append"/> events of <see cref="Batch"/> entries each, one write at a time as
/// group commit writes them. Then, in a one-member <see cref="RaftGroup"/> over that journal (snapshots off, so the
/// log stays as long), it times from starting the member until its status reports the recovered last index (the
/// peer has replayed its journal and rebuilt its log), and until it has also elected itself and re-applied
/// everything to a fresh state machine (this includes one election timeout). The group's first start is reported
/// apart; then the member is stopped and started <see cref="Repeat"/> times.
/// </summary>
internal sealed class RestartScenario : IScenario
{
    internal const string MemberId = "n1";
    private static readonly TimeSpan LongWait = TimeSpan.FromMinutes(10);

    private readonly GroupSettings _group;
    private string _stage = "starting";
    private long _stageStarted = Stopwatch.GetTimestamp();
    private long _written;

    private RestartScenario(GroupSettings group, long entries, int commandBytes, int batch, int repeat)
    {
        _group = group;
        Entries = entries;
        CommandBytes = commandBytes;
        Batch = batch;
        Repeat = repeat;
    }

    public string Name => "restart";

    public long Entries { get; }

    public int CommandBytes { get; }

    public int Batch { get; }

    public int Repeat { get; }

    public string Options => $"entries={Entries}, command-bytes={CommandBytes}, batch={Batch}, repeat={Repeat}, {_group}";

    public static RestartScenario Read(BenchArgs args)
    {
        var entries = args.Long("entries", 1_000_000, 1, int.MaxValue);
        var commandBytes = args.Int("command-bytes", 100, 1, 1 << 20);
        var batch = args.Int("batch", 1000, 1, 1_000_000);
        var repeat = args.Int("repeat", 3, 1, 1000);
        return new RestartScenario(GroupSettings.Read(args), entries, commandBytes, batch, repeat);
    }

    public async Task<ScenarioResult> RunAsync(RunContext context)
    {
        await using var bench = BenchGroup.Create(_group, Name);
        var persistenceId = RaftPeerSettings.PersistenceIdOf(bench.ClusterId, MemberId);
        Console.WriteLine($"Journal of {MemberId}: {persistenceId}, {bench.Journals.Storage.LocationFor(MemberId)}.");
        var lines = new List<string>();
        await using var progress = context.Progress(ProgressLine);

        // 1. Build the journal, in batches as group commit would write them.
        var populate = await Populate(bench, context.Interrupted).ConfigureAwait(false);
        if (populate is null)
        {
            return new ScenarioResult(lines, "interrupted while writing the journal", Interrupted: true);
        }

        lines.Add(Format.Invariant(
            $"journal     {Format.Count(Entries)} entries × {CommandBytes} bytes (term 1, no snapshot) as {Format.Count(Events)} Append events of up to {Format.Count(Batch)} entries: written in {Format.Seconds(populate.Value)} ({Format.Rate(Entries / populate.Value.TotalSeconds)} entries/s)"));
        progress.Event($"journal written: {Format.Count(Entries)} entries in {Format.Seconds(populate.Value)}; managed heap now {Format.Megabytes(GC.GetTotalMemory(forceFullCollection: false))}");

        // 2. A one-member group starting from that journal, then the member stopped and started again.
        var recovered = new List<double>();
        var caughtUp = new List<double>();
        (TimeSpan Recovered, TimeSpan CaughtUp)? first = null;
        if (!context.Interrupted.IsCancellationRequested)
        {
            var noSnapshots = new SnapshotPolicy { EveryEntries = 0, EveryBytes = 0 };
            GC.Collect();
            GC.WaitForPendingFinalizers();
            SetStage("first start of the one-member group");
            var started = Stopwatch.GetTimestamp();
            var group = bench.Start([MemberId], noSnapshots);
            first = await Recover(bench, started, Entries, context.Interrupted).ConfigureAwait(false);
            progress.Event($"first start: recovered in {Format.Ms(first.Value.Recovered)}, caught up in {Format.Ms(first.Value.CaughtUp)}");

            try
            {
                for (var run = 1; run <= Repeat && !context.Interrupted.IsCancellationRequested; run++)
                {
                    SetStage($"stopping {MemberId} for restart {run}/{Repeat}");
                    var expected = (await group.Client.StatusAsync(MemberId, LongWait, context.Interrupted).ConfigureAwait(false)).LastLogIndex;
                    await group.StopMemberAsync(MemberId, context.Interrupted).ConfigureAwait(false);
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    SetStage($"restart {run}/{Repeat}");
                    started = Stopwatch.GetTimestamp();
                    await group.StartMemberAsync(MemberId, context.Interrupted).ConfigureAwait(false);
                    var (recoveredAfter, caughtUpAfter) = await Recover(bench, started, expected, context.Interrupted).ConfigureAwait(false);
                    recovered.Add(recoveredAfter.TotalMilliseconds);
                    caughtUp.Add(caughtUpAfter.TotalMilliseconds);
                    progress.Event($"restart {run}/{Repeat}: recovered {Format.Count(expected)} entries in {Format.Ms(recoveredAfter)}, caught up in {Format.Ms(caughtUpAfter)}");
                }
            }
            catch (OperationCanceledException) when (context.Interrupted.IsCancellationRequested)
            {
                // Ctrl+C in the middle of a restart: report the ones completed before it.
            }

            bench.ThrowIfFailed();
        }

        SetStage("done");
        if (first is { } f)
        {
            lines.Add($"first start RaftGroup.Start → status shows the recovered last index: {Format.Ms(f.Recovered)}; → caught up: {Format.Ms(f.CaughtUp)} (cold: includes JIT)");
        }

        lines.Add($"recovered   StartMemberAsync → its status shows the recovered last index: {Spread(recovered)}");
        lines.Add($"caught up   StartMemberAsync → elected itself and re-applied every entry (includes an election timeout of {Format.Ms(_group.ElectionTimeout)}-{Format.Ms(_group.ElectionTimeout * 2)}): {Spread(caughtUp)}");
        var summary = $"{Format.Count(Entries)} entries: start → recovered {Median(recovered)}, → caught up {Median(caughtUp)} (medians of {recovered.Count})";
        return new ScenarioResult(lines, summary, context.Interrupted.IsCancellationRequested);
    }

    private long Events => (Entries + Batch - 1) / Batch;

    private static string Spread(List<double> samples)
    {
        if (samples.Count == 0)
        {
            return "(not measured)";
        }

        var (median, min, max) = Format.Spread(samples);
        return $"median {Format.Ms(median)}, min {Format.Ms(min)}, max {Format.Ms(max)} over {samples.Count} run{(samples.Count == 1 ? "" : "s")}";
    }

    private static string Median(List<double> samples) => samples.Count == 0 ? "(not measured)" : Format.Ms(Format.Spread(samples).Median);

    /// <summary>
    /// Waits, from <paramref name="started"/>, until the member's status reports a last log index of at least
    /// <paramref name="lastIndex"/> (its first status answer comes right after recovery: a persistent actor stashes
    /// messages until it has replayed its journal), then until it has applied that far.
    /// </summary>
    internal static async Task<(TimeSpan Recovered, TimeSpan CaughtUp)> Recover(BenchGroup bench, long started, long lastIndex, CancellationToken interrupted)
    {
        var status = await bench.Client.StatusAsync(MemberId, LongWait, interrupted).ConfigureAwait(false);
        var recovered = Stopwatch.GetElapsedTime(started);
        if (status.LastLogIndex < lastIndex)
        {
            throw new BenchmarkFailedException($"{MemberId} recovered a log ending at {status.LastLogIndex}; expected at least {lastIndex}.");
        }

        await Steps.UntilAsync(
            async () => (await bench.Client.StatusAsync(MemberId, LongWait, interrupted).ConfigureAwait(false)).LastApplied >= lastIndex,
            bench,
            TimeSpan.FromMilliseconds(2),
            LongWait,
            $"{MemberId} to apply up to index {lastIndex}",
            interrupted).ConfigureAwait(false);
        return (recovered, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Writes the journal through a <see cref="JournalPopulator"/>; null if interrupted.</summary>
    private async Task<TimeSpan?> Populate(BenchGroup bench, CancellationToken interrupted)
    {
        SetStage("writing the journal");
        var started = Stopwatch.GetTimestamp();
        var complete = await JournalPopulator.WriteAsync(bench, MemberId, Entries, CommandBytes, Batch, last => Volatile.Write(ref _written, last), interrupted).ConfigureAwait(false);
        return complete ? Stopwatch.GetElapsedTime(started) : null;
    }

    private void SetStage(string stage)
    {
        Volatile.Write(ref _stageStarted, Stopwatch.GetTimestamp());
        Volatile.Write(ref _stage, stage);
    }

    private string ProgressLine()
    {
        var stage = Volatile.Read(ref _stage);
        var inStage = Stopwatch.GetElapsedTime(Volatile.Read(ref _stageStarted));
        var written = Volatile.Read(ref _written);
        return stage == "writing the journal"
            ? $"{stage}: {Format.Count(written)} / {Format.Count(Entries)} entries ({Format.Rate(written / Math.Max(inStage.TotalSeconds, 1e-9))} entries/s)"
            : $"{stage}: {Format.Seconds(inStage)}";
    }
}
