using System.Diagnostics;
using System.Globalization;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Contenders;
using Raft.Benchmarks.Contenders.DotNext;
using Raft.Benchmarks.Contenders.Ours;
using Raft.Benchmarks.Journals;
using Raft.Benchmarks.Reporting;
using Raft.Benchmarks.Scenarios;

namespace Raft.Benchmarks.Compare;

/// <summary>
/// <c>compare</c>: the same workloads, one contender after the other in one process — our group in one ActorSystem
/// on durable SQLite, our group over Akka.Remote (three ActorSystems and a client system, <see cref="OursRemoteContender"/>), and dotNext's
/// <c>RaftCluster</c> over TCP with its WriteAheadLog — with the same election timeouts, command size and state
/// machine work (counting commands). Per contender: the proposer workloads (each count of concurrent proposers in
/// turn), the failover rounds, then the recovery of a long log. A workload that fails for a contender is recorded
/// with its error and the run goes on; the table says so.
/// </summary>
internal sealed class CompareScenario : IScenario, IMarkdownReport
{
    public const string Ours = "ours";
    public const string OursRemote = "ours-remote";
    public const string DotNext = "dotnext";

    private static readonly TimeSpan ProposalTimeout = TimeSpan.FromSeconds(5);
    // Generous: the first election comes after the storage is opened and the code is compiled, on a machine that may be shared.
    private static readonly TimeSpan ElectionWithin = TimeSpan.FromSeconds(60);

    private readonly List<ContenderRun> _runs = [];
    private Func<string> _status = () => "starting";

    private CompareScenario(GroupSettings group, IReadOnlyList<string> contenders, IReadOnlyList<int> proposers, TimeSpan duration, TimeSpan warmup, int failovers, long entries, int commandBytes)
    {
        Group = group;
        Contenders = contenders;
        Proposers = proposers;
        Duration = duration;
        Warmup = warmup;
        Failovers = failovers;
        Entries = entries;
        CommandBytes = commandBytes;
    }

    public string Name => "compare";

    public GroupSettings Group { get; }

    public IReadOnlyList<string> Contenders { get; }

    public IReadOnlyList<int> Proposers { get; }

    public TimeSpan Duration { get; }

    public TimeSpan Warmup { get; }

    public int Failovers { get; }

    public long Entries { get; }

    public int CommandBytes { get; }

    public string Options => Format.Invariant(
        $"contenders={string.Join(',', Contenders)}, proposers={string.Join(',', Proposers)}, seconds={Duration.TotalSeconds:0.##}, warmup={Warmup.TotalSeconds:0.##}, failovers={Failovers}, entries={Entries}, command-bytes={CommandBytes}, {Group}");

    /// <summary>The table of the last run; null before.</summary>
    public ComparisonTable? Table { get; private set; }

    public static CompareScenario Read(BenchArgs args)
    {
        var contenders = List(args, "contenders", [Ours, OursRemote, DotNext], name => name is Ours or OursRemote or DotNext, "ours, ours-remote or dotnext");
        var proposers = List(args, "proposers", ["1", "8", "64", "1000"], text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100_000, "a whole number from 1 to 100000")
            .Select(text => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        var duration = args.Duration("seconds", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var warmup = args.Duration("warmup", TimeSpan.FromSeconds(2), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var failovers = args.Int("failovers", 20, 0, 10_000);
        var entries = args.Long("entries", 1_000_000, 0, int.MaxValue);
        var commandBytes = args.Int("command-bytes", 100, 1, 1 << 20);

        // Durable storage by default: the comparison is with dotNext's persistent log, not with a test journal.
        var journalGiven = args.Has("journal");
        var group = GroupSettings.Read(args);
        if (!journalGiven)
        {
            group = group with { Journal = new JournalOptions(JournalKind.Sqlite) };
        }
        else if (group.Journal.Kind == JournalKind.InMemory)
        {
            args.Problem("--journal inmemory is not durable: compare measures against dotNext's persistent log; use sqlite (the default) or postgres.");
        }

        if (contenders.Contains(OursRemote) && group.Journal is { Kind: JournalKind.Sqlite, SharedSqliteFile: true })
        {
            args.Problem("--sqlite-files shared: ours-remote runs each member in its own ActorSystem, as on its own machine, so each needs its own SQLite file (the default, per-member).");
        }

        return new CompareScenario(group, contenders, proposers, duration, warmup, failovers, entries, commandBytes);
    }

    public async Task<ScenarioResult> RunAsync(RunContext context)
    {
        var interrupted = false;
        await using (var progress = context.Progress(() => Volatile.Read(ref _status)()))
        {
            foreach (var name in Contenders)
            {
                var contender = Create(name);
                await using (contender.ConfigureAwait(false))
                {
                    var run = new ContenderRun(contender.Name, contender.Setup);
                    _runs.Add(run);
                    progress.Event($"=== {contender.Name}: {contender.Setup}");
                    interrupted = !await MeasureAsync(contender, run, progress, context.Interrupted).ConfigureAwait(false);
                    SetStatus($"{contender.Name}: stopping the group and removing its data");
                }

                if (interrupted)
                {
                    break;
                }
            }
        }

        Table = new ComparisonTable(_runs, Proposers, Failovers, Entries);
        var lines = new List<string> { "", Table.ToText() };
        lines.AddRange(_runs.Select(r => $"{r.Name}: {r.Setup}"));
        lines.AddRange(_runs.Where(r => r.Recovery?.Value is not null).Select(r => $"{r.Name} recovery: {r.Recovery!.Value!.Note}"));
        if (MachineInfo.Capture().LoadAverage is { } load)
        {
            lines.Add(Format.Invariant($"load average at the end: {load:0.0}"));
        }

        return new ScenarioResult(lines, Summary(), interrupted);
    }

    public void AppendMarkdown(string path, MachineInfo machine, string command)
    {
        if (Table is null)
        {
            throw new InvalidOperationException("Nothing was measured yet.");
        }

        var block = new List<string>
        {
            $"### {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC",
            "",
            $"`{command}`",
            "",
            $"Machine: {machine}.",
        };
        block.AddRange(machine.Warnings().Select(w => $"**{w}**"));
        block.Add("");
        block.Add(Table.ToMarkdown().TrimEnd());
        block.Add("");
        block.AddRange(_runs.Select(r => $"- {r.Name}: {r.Setup}"));
        block.AddRange(_runs.Where(r => r.Recovery?.Value is not null).Select(r => $"- {r.Name} recovery: {r.Recovery!.Value!.Note}"));
        CompareMarkdown.Append(path, block);
    }

    private IContender Create(string name) => name switch
    {
        DotNext => new DotNextContender(new DotNextSettings(Group.ElectionTimeout, SnapshotEvery: 100_000)),
        OursRemote => new OursRemoteContender(Group),
        _ => new OursContender(Group),
    };

    /// <summary>Runs every workload against <paramref name="contender"/>; false if interrupted.</summary>
    private async Task<bool> MeasureAsync(IContender contender, ContenderRun run, ProgressReporter progress, CancellationToken interrupted)
    {
        try
        {
            SetStatus($"{contender.Name}: starting");
            var started = Stopwatch.GetTimestamp();
            await contender.StartAsync(interrupted).ConfigureAwait(false);
            var leader = await contender.WaitForLeaderAsync(ElectionWithin, interrupted).ConfigureAwait(false);
            run.FirstLeader = Stopwatch.GetElapsedTime(started);
            progress.Event($"{contender.Name}: {leader} leads, {Format.Ms(run.FirstLeader.Value)} after starting");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !interrupted.IsCancellationRequested)
        {
            var failure = $"the group did not start: {Describe(ex)}";
            progress.Event($"{contender.Name}: FAILED: {failure}");
            foreach (var count in Proposers)
            {
                run.Proposals[count] = Measured<ProposalFigures>.Failed(failure);
            }

            run.Failover = Measured<FailoverFigures>.Failed(failure);
            run.Recovery = Measured<RecoveryTimes>.Failed(failure);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        foreach (var count in Proposers)
        {
            var workload = new ProposerWorkload(contender, count, CommandBytes, ProposalTimeout);
            SetStatus(() => $"{contender.Name}: {Format.Count(count)} proposers: {Format.Count(workload.Committed)} committed, {Format.Count(workload.Errors)} errors");
            var measured = await Attempt(() => workload.RunAsync(Warmup, Duration, interrupted), contender, interrupted).ConfigureAwait(false);
            if (measured is null)
            {
                return false;
            }

            run.Proposals[count] = measured;
            progress.Event(measured.Value is { } f
                ? Format.Invariant($"{contender.Name}: {Format.Count(count)} proposers: {Format.Rate(f.PerSecond)} commits/s, p50 {Format.NanosAsMs(f.P50)}, p99 {Format.NanosAsMs(f.P99)}, p99.9 {Format.NanosAsMs(f.P999)}, errors {f.Errors}")
                : $"{contender.Name}: {Format.Count(count)} proposers: FAILED: {measured.Failure}");
        }

        if (Failovers > 0)
        {
            var workload = new FailoverWorkload(contender, Failovers, CommandBytes, ProposalTimeout);
            SetStatus(() => $"{contender.Name}: failover, {workload.Completed}/{Failovers} rounds");
            var measured = await Attempt(() => workload.RunAsync(progress.Event, interrupted), contender, interrupted).ConfigureAwait(false);
            if (measured is null)
            {
                return false;
            }

            run.Failover = measured;
            progress.Event(measured.Value is { } f
                ? $"{contender.Name}: failover: next commit median {Format.Ms(f.Median)}, max {Format.Ms(f.Max)} over {f.Rounds} rounds"
                : $"{contender.Name}: failover: FAILED after {workload.Completed} rounds: {measured.Failure}");
        }

        if (Entries > 0 && contender.RecoveryNotMeasured is { } notMeasured)
        {
            run.Recovery = Measured<RecoveryTimes>.Skipped(notMeasured);
            progress.Event($"{contender.Name}: recovery: not measured ({notMeasured})");
        }
        else if (Entries > 0)
        {
            SetStatus($"{contender.Name}: recovery of {Format.Count(Entries)} entries");
            var measured = await Attempt(() => contender.MeasureRecoveryAsync(Entries, CommandBytes, text => SetStatus($"{contender.Name}: recovery: {text}"), interrupted), contender, interrupted).ConfigureAwait(false);
            if (measured is null)
            {
                return false;
            }

            run.Recovery = measured;
            progress.Event(measured.Value is { } t
                ? $"{contender.Name}: recovery: log written in {Format.Ms(t.Written)}; restart → recovered {Format.Ms(t.Recovered)}, → caught up {Format.Ms(t.CaughtUp)}"
                : $"{contender.Name}: recovery: FAILED: {measured.Failure}");
        }

        return true;
    }

    /// <summary>Runs a workload; its figures, or its failure as the table shows it; null if interrupted.</summary>
    private static async Task<Measured<T>?> Attempt<T>(Func<Task<T>> workload, IContender contender, CancellationToken interrupted)
        where T : class
    {
        try
        {
            var value = await workload().ConfigureAwait(false);
            return contender.Failure is { } failure ? Measured<T>.Failed($"the group reported an error: {failure}") : Measured<T>.Of(value);
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Measured<T>.Failed(contender.Failure is { } failure ? $"{Describe(ex)}; the group reported: {failure}" : Describe(ex));
        }
    }

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}";

    private string Summary()
    {
        if (Table is null)
        {
            return "";
        }

        var parts = _runs.Select(r => r.Proposals.TryGetValue(Proposers[^1], out var m) && m.Value is { } f
            ? $"{r.Name} {Format.Rate(f.PerSecond)} commits/s at {Format.Count(Proposers[^1])} proposer{(Proposers[^1] == 1 ? "" : "s")}"
            : $"{r.Name}: {(r.Proposals.TryGetValue(Proposers[^1], out var failed) ? failed.Failure : null) ?? "not measured"}");
        return string.Join("; ", parts);
    }

    private void SetStatus(string status) => Volatile.Write(ref _status, () => status);

    /// <summary>A live status line, evaluated at every progress tick.</summary>
    private void SetStatus(Func<string> status) => Volatile.Write(ref _status, status);

    /// <summary>A comma-separated list option; every item must pass <paramref name="valid"/>.</summary>
    private static IReadOnlyList<string> List(BenchArgs args, string name, IReadOnlyList<string> defaults, Func<string, bool> valid, string expected)
    {
        if (args.String(name) is not { } text)
        {
            return defaults;
        }

        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var invalid = items.Where(item => !valid(item)).ToArray();
        foreach (var item in invalid)
        {
            args.Problem($"--{name}: '{item}' is not {expected}.");
        }

        if (items.Length == 0)
        {
            args.Problem($"--{name} '{text}' names nothing: give a comma-separated list.");
        }

        return items.Length == 0 || invalid.Length > 0 ? defaults : items.Distinct(StringComparer.Ordinal).ToArray();
    }
}
