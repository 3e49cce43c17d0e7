using System.Diagnostics;
using Raft.Actors.Messages;
using Raft.Actors.Persistence;
using Raft.Actors.StateMachine;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Journals;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Scenarios;

/// <summary>
/// <c>restart</c>: how long a member takes to come back from a long log. Writes <see cref="Entries"/> entries (term 1,
/// no snapshot: the worst case the snapshot policy normally prevents) into member n1's journal, then measures
/// <list type="number">
/// <item>opening the journal and <see cref="IRaftJournal.Load"/>ing it, <see cref="Repeat"/> times;</item>
/// <item>in a one-member <c>EmbeddedRaftGroup</c> over that journal (snapshots off, so the log stays as long): from
/// <c>Start(member)</c> until the member's status reports the recovered last index — the peer has loaded its journal
/// and rebuilt its log — and until it has also elected itself and re-applied everything to a fresh state machine
/// (this includes one election timeout). The group's first start is reported apart; then the member is stopped and
/// started <see cref="Repeat"/> times.</item>
/// </list>
/// </summary>
internal sealed class RestartScenario : IScenario
{
    private const string MemberId = "n1";
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
        using var journals = new JournalFactory(_group.Journal, BenchGroup.NewClusterId(Name));
        Console.WriteLine($"Journal of {MemberId}: {journals.Location}.");
        var lines = new List<string>();
        await using var progress = context.Progress(ProgressLine);

        // 1. Build the journal, in batches as group commit would write them.
        var populate = Populate(journals, context.Interrupted);
        if (populate is null)
        {
            return new ScenarioResult(lines, "interrupted while writing the journal", Interrupted: true);
        }

        lines.Add(Format.Invariant(
            $"journal     {Format.Count(Entries)} entries × {CommandBytes} bytes (term 1, no snapshot), written in batches of {Format.Count(Batch)}: {Format.Seconds(populate.Value)} ({Format.Rate(Entries / populate.Value.TotalSeconds)} entries/s)"));
        progress.Event($"journal written: {Format.Count(Entries)} entries in {Format.Seconds(populate.Value)}; managed heap now {Format.Megabytes(GC.GetTotalMemory(forceFullCollection: false))}");

        // 2. Open + Load, as a peer's recovery does first.
        var loads = new List<double>();
        for (var run = 1; run <= Repeat && !context.Interrupted.IsCancellationRequested; run++)
        {
            var took = OpenAndLoad(journals, run);
            loads.Add(took.TotalMilliseconds);
            progress.Event($"open + Load {run}/{Repeat}: {Format.Ms(took)}");
        }

        lines.Add($"open+Load   {Spread(loads)}");

        // 3. A member of an EmbeddedRaftGroup starting from that journal.
        var recovered = new List<double>();
        var caughtUp = new List<double>();
        (TimeSpan Recovered, TimeSpan CaughtUp)? first = null;
        if (!context.Interrupted.IsCancellationRequested)
        {
            var noSnapshots = new SnapshotPolicy { EveryEntries = 0, EveryBytes = 0 };
            SetStage("first start of the one-member group");
            var started = Stopwatch.GetTimestamp();
            await using var bench = BenchGroup.Start(_group, journals, [MemberId], noSnapshots);
            first = await Recover(bench, started, Entries, context.Interrupted).ConfigureAwait(false);
            progress.Event($"first start: recovered in {Format.Ms(first.Value.Recovered)}, caught up in {Format.Ms(first.Value.CaughtUp)}");

            for (var run = 1; run <= Repeat && !context.Interrupted.IsCancellationRequested; run++)
            {
                var expected = (await bench.Group.StatusAsync(MemberId, LongWait).ConfigureAwait(false)).LastLogIndex;
                bench.Group.Stop(MemberId);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                SetStage($"restart {run}/{Repeat}");
                started = Stopwatch.GetTimestamp();
                bench.Group.Start(MemberId);
                var (recoveredAfter, caughtUpAfter) = await Recover(bench, started, expected, context.Interrupted).ConfigureAwait(false);
                recovered.Add(recoveredAfter.TotalMilliseconds);
                caughtUp.Add(caughtUpAfter.TotalMilliseconds);
                progress.Event($"restart {run}/{Repeat}: recovered {Format.Count(expected)} entries in {Format.Ms(recoveredAfter)}, caught up in {Format.Ms(caughtUpAfter)}");
            }

            bench.ThrowIfFailed();
        }

        SetStage("done");
        if (first is { } f)
        {
            lines.Add($"first start EmbeddedRaftGroup.Start → status shows the recovered last index: {Format.Ms(f.Recovered)}; → caught up: {Format.Ms(f.CaughtUp)} (cold: includes JIT)");
        }

        lines.Add($"recovered   Start(member) → its status shows the recovered last index: {Spread(recovered)}");
        lines.Add($"caught up   Start(member) → elected itself and re-applied every entry (includes an election timeout of {Format.Ms(_group.ElectionTimeout)}-{Format.Ms(_group.ElectionTimeout * 2)}): {Spread(caughtUp)}");
        var summary = $"{Format.Count(Entries)} entries: open+Load {Median(loads)}, Start → recovered {Median(recovered)}, → caught up {Median(caughtUp)} (medians of {Repeat})";
        return new ScenarioResult(lines, summary, context.Interrupted.IsCancellationRequested);
    }

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
    /// <paramref name="lastIndex"/> (its first status answer comes right after recovery: the peer loads its journal
    /// before it handles any message), then until it has applied that far.
    /// </summary>
    private static async Task<(TimeSpan Recovered, TimeSpan CaughtUp)> Recover(BenchGroup bench, long started, long lastIndex, CancellationToken interrupted)
    {
        var status = await bench.Group.StatusAsync(MemberId, LongWait, interrupted).ConfigureAwait(false);
        var recovered = Stopwatch.GetElapsedTime(started);
        if (status.LastLogIndex < lastIndex)
        {
            throw new BenchmarkFailedException($"{MemberId} recovered a log ending at {status.LastLogIndex}; expected at least {lastIndex}.");
        }

        await Steps.UntilAsync(
            async () => (await bench.Group.StatusAsync(MemberId, LongWait, interrupted).ConfigureAwait(false)).LastApplied >= lastIndex,
            bench,
            TimeSpan.FromMilliseconds(2),
            LongWait,
            $"{MemberId} to apply up to index {lastIndex}",
            interrupted).ConfigureAwait(false);
        return (recovered, Stopwatch.GetElapsedTime(started));
    }

    private TimeSpan? Populate(JournalFactory journals, CancellationToken interrupted)
    {
        SetStage("writing the journal");
        var started = Stopwatch.GetTimestamp();
        using (var journal = journals.Open(MemberId))
        {
            // Term 1, voted for itself: what a member that led term 1 alone would hold.
            journal.Write([new JournalOperation.SaveHardState(new HardState(1, MemberId))]);
            for (long index = 1; index <= Entries; index += Batch)
            {
                if (interrupted.IsCancellationRequested)
                {
                    return null;
                }

                var count = (int)Math.Min(Batch, Entries - index + 1);
                var entries = new LogEntry[count];
                for (var i = 0; i < count; i++)
                {
                    entries[i] = new LogEntry(index + i, 1, EntryKind.Command, BenchGroup.Command(CommandBytes, 0, index + i));
                }

                journal.Write([new JournalOperation.Append(entries)]);
                Volatile.Write(ref _written, index + count - 1);
            }
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private TimeSpan OpenAndLoad(JournalFactory journals, int run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        SetStage($"open + Load {run}/{Repeat}");
        var started = Stopwatch.GetTimestamp();
        JournalRecovery recovery;
        using (var journal = journals.Open(MemberId))
        {
            recovery = journal.Load();
        }

        var took = Stopwatch.GetElapsedTime(started);
        var last = recovery.Entries.Count > 0 ? recovery.Entries[^1].Index : 0;
        if (recovery.Entries.Count != Entries || last != Entries || recovery.Snapshot is not null || recovery.HardState.Term != 1)
        {
            throw new BenchmarkFailedException(
                $"Load() returned {recovery.Entries.Count} entries ending at {last}, snapshot {recovery.Snapshot?.ToString() ?? "none"}, term {recovery.HardState.Term}; " +
                $"expected {Entries} entries ending at {Entries}, no snapshot, term 1.");
        }

        return took;
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
