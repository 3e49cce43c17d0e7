using System.Diagnostics;
using Raft.Actors.Cluster;
using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Scenarios;

/// <summary>
/// <c>failover</c>: a 3-member <see cref="RaftGroup"/>; <see cref="Repeat"/> times, stop the leader as if it crashed
/// (<see cref="RaftGroup.StopMemberAsync"/>), propose at once (retrying if the proposal fails or times out), and
/// time, from the stop request, the first member to stand for election, the new leader's election, and the next
/// committed write. The stopped member is then started again and allowed to catch up before the next round. Role
/// changes are stamped on the members' threads through an <see cref="IRaftObserver"/>.
/// </summary>
internal sealed class FailoverScenario : IScenario
{
    private static readonly string[] MemberIds = ["n1", "n2", "n3"];
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly GroupSettings _group;
    private readonly Elections _elections = new();
    private string _stage = "starting";
    private long _stageStarted = Stopwatch.GetTimestamp();

    private FailoverScenario(GroupSettings group, int repeat, int commandBytes)
    {
        _group = group;
        Repeat = repeat;
        CommandBytes = commandBytes;
    }

    public string Name => "failover";

    public int Repeat { get; }

    public int CommandBytes { get; }

    public string Options => $"repeat={Repeat}, command-bytes={CommandBytes}, {_group}";

    public static FailoverScenario Read(BenchArgs args)
    {
        var repeat = args.Int("repeat", 10, 1, 10_000);
        var commandBytes = args.Int("command-bytes", 100, 1, 1 << 20);
        return new FailoverScenario(GroupSettings.Read(args), repeat, commandBytes);
    }

    public async Task<ScenarioResult> RunAsync(RunContext context)
    {
        await using var bench = BenchGroup.Create(_group, Name);
        var group = bench.Start(MemberIds, observer: _elections);
        var stopping = new List<double>();
        var detected = new List<double>();
        var elected = new List<double>();
        var committed = new List<double>();
        var retries = 0;
        long sequence = 0;
        await using (var progress = context.Progress(ProgressLine))
        {
            SetStage("waiting for the first leader");
            var (leader, electedAfter) = await bench.WaitForLeaderAsync(TimeSpan.FromSeconds(10), context.Interrupted).ConfigureAwait(false);
            progress.Event($"{leader.MemberId} leads term {leader.Term}, elected {Format.Ms(electedAfter)} after the group started; journals {bench.Journals.Location}.");

            // Warm up the proposal path (JIT) so the first round is not slower for it.
            SetStage("warming up");
            for (var i = 0; i < 200; i++)
            {
                await ProposeUntilCommitted(bench, BenchGroup.Command(CommandBytes, 0, sequence++), Stopwatch.GetTimestamp(), "warm-up", context.Interrupted).ConfigureAwait(false);
            }

            try
            {
                for (var round = 1; round <= Repeat && !context.Interrupted.IsCancellationRequested; round++)
                {
                    // A committed proposal makes sure a leader is in charge and everyone has heard from it; if leadership
                    // moved on by itself since (rare), settle again, so that stopping the member really stops the leader.
                    SetStage($"round {round}/{Repeat}: settling");
                    ProposalResult before;
                    string? old;
                    var settling = Stopwatch.GetTimestamp();
                    do
                    {
                        (before, _) = await ProposeUntilCommitted(bench, BenchGroup.Command(CommandBytes, 0, sequence++), settling, $"round {round}, settling", context.Interrupted).ConfigureAwait(false);
                        old = _elections.LeaderOf(before.Term);
                        if (Stopwatch.GetElapsedTime(settling) > Deadline)
                        {
                            throw new BenchmarkFailedException($"Round {round}: no stable leader within {Format.Ms(Deadline)} (last commit in term {before.Term}, led by {old ?? "nobody seen"}; the client believes {group.Client.Leader ?? "nobody"} leads).");
                        }
                    }
                    while (old is null || group.Client.Leader != old);

                    SetStage($"round {round}/{Repeat}: stopping {old}, then waiting for a new leader and a commit");
                    var stopped = Stopwatch.GetTimestamp();
                    await group.StopMemberAsync(old, context.Interrupted).ConfigureAwait(false);
                    var stopTook = Stopwatch.GetElapsedTime(stopped);
                    var (after, failed) = await ProposeUntilCommitted(
                        bench, BenchGroup.Command(CommandBytes, 0, sequence++), stopped, $"round {round}, after stopping {old}", context.Interrupted).ConfigureAwait(false);
                    var commitAfter = Stopwatch.GetElapsedTime(stopped);
                    if (after.Term <= before.Term)
                    {
                        throw new BenchmarkFailedException($"Round {round}: the proposal made after stopping {old} (leader of term {before.Term}) committed in term {after.Term}, so {old} was not stopped first.");
                    }

                    retries += failed;
                    var candidacy = _elections.First(stopped, RaftRole.Candidate, before.Term);
                    var election = _elections.First(stopped, RaftRole.Leader, before.Term)
                        ?? throw new BenchmarkFailedException($"Round {round}: a proposal committed in term {after.Term} after stopping {old}, but no election after term {before.Term} was seen.");
                    var electedAt = Stopwatch.GetElapsedTime(stopped, election.Timestamp);
                    var detectedAt = candidacy is { } c ? Stopwatch.GetElapsedTime(stopped, c.Timestamp) : electedAt;
                    stopping.Add(stopTook.TotalMilliseconds);
                    detected.Add(detectedAt.TotalMilliseconds);
                    elected.Add(electedAt.TotalMilliseconds);
                    committed.Add(commitAfter.TotalMilliseconds);
                    progress.Event(
                        $"round {round}/{Repeat}: stopped {old} (term {before.Term}) in {Format.Ms(stopTook)}; first candidate after {Format.Ms(detectedAt)}, " +
                        $"{election.MemberId} elected for term {election.Term} after {Format.Ms(electedAt)}, proposal committed at index {after.Index} after {Format.Ms(commitAfter)}" +
                        (failed > 0 ? $" ({failed} attempts failed first)" : ""));

                    // Bring the old leader back and let it catch up, so every round starts from three healthy members.
                    SetStage($"round {round}/{Repeat}: restarting {old}");
                    await group.StartMemberAsync(old, context.Interrupted).ConfigureAwait(false);
                    await Steps.UntilAsync(
                        async () => (await group.Client.StatusAsync(old, cancellationToken: context.Interrupted).ConfigureAwait(false)).LastApplied >= after.Index,
                        bench,
                        TimeSpan.FromMilliseconds(10),
                        Deadline,
                        $"{old} to catch up to index {after.Index} after its restart",
                        context.Interrupted).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (context.Interrupted.IsCancellationRequested)
            {
                // Ctrl+C in the middle of a round: report the rounds completed before it.
            }

            SetStage("done");
        }

        bench.ThrowIfFailed();
        var (stopMedian, _, stopMax) = Format.Spread(stopping);
        var (detectMedian, _, detectMax) = Format.Spread(detected);
        var (electMedian, _, electMax) = Format.Spread(elected);
        var (commitMedian, commitMin, commitMax) = Format.Spread(committed);
        var lines = new List<string>
        {
            $"rounds      {committed.Count} (leader stopped, new leader elected, proposal committed, old leader restarted and caught up)",
            $"stopped     StopMemberAsync returned (the leader's actor terminated): median {Format.Ms(stopMedian)}, max {Format.Ms(stopMax)}",
            $"candidate   first member standing for election after the stop request: median {Format.Ms(detectMedian)}, max {Format.Ms(detectMax)}",
            $"elected     new leader after the stop request: median {Format.Ms(electMedian)}, max {Format.Ms(electMax)}",
            $"committed   next write committed after the stop request: median {Format.Ms(commitMedian)}, min {Format.Ms(commitMin)}, max {Format.Ms(commitMax)}",
            $"retries     {retries} proposals failed or timed out during failover and were retried",
            Format.Invariant($"timing      election timeouts drawn from {Format.Ms(_group.ElectionTimeout)}-{Format.Ms(_group.ElectionTimeout * 2)}, heartbeat every {Format.Ms(_group.HeartbeatInterval)}"),
        };
        var summary = $"{committed.Count} rounds: elected median {Format.Ms(electMedian)} (max {Format.Ms(electMax)}); first commit median {Format.Ms(commitMedian)} (max {Format.Ms(commitMax)})";
        return new ScenarioResult(lines, summary, context.Interrupted.IsCancellationRequested);
    }

    /// <summary>
    /// Proposes <paramref name="command"/> until it commits, retrying when the outcome is unknown or nobody accepted it
    /// in time (a failover is exactly when that happens); gives up <see cref="Deadline"/> after <paramref name="since"/>.
    /// Returns the result and how many attempts failed first.
    /// </summary>
    private static async Task<(ProposalResult Result, int Failed)> ProposeUntilCommitted(
        BenchGroup bench, byte[] command, long since, string what, CancellationToken interrupted)
    {
        var failed = 0;
        while (true)
        {
            try
            {
                return (await bench.Client.ProposeAsync(command, Deadline, interrupted).ConfigureAwait(false), failed);
            }
            catch (Exception ex) when (ex is ProposalFailedException or TimeoutException)
            {
                failed++;
                bench.ThrowIfFailed();
                if (Stopwatch.GetElapsedTime(since) > Deadline)
                {
                    throw new BenchmarkFailedException($"{what}: no proposal succeeded within {Format.Ms(Deadline)} ({ex.Message}).");
                }
            }
        }
    }

    private void SetStage(string stage)
    {
        Volatile.Write(ref _stageStarted, Stopwatch.GetTimestamp());
        Volatile.Write(ref _stage, stage);
    }

    private string ProgressLine() =>
        $"{Volatile.Read(ref _stage)}: {Format.Seconds(Stopwatch.GetElapsedTime(Volatile.Read(ref _stageStarted)))}";

    /// <summary>Every role change of every member, stamped on the peer's thread as it happens. Role changes are rare: a lock is fine.</summary>
    private sealed class Elections : IRaftObserver
    {
        private readonly List<Transition> _transitions = [];

        public void OnRoleChanged(string memberId, RaftRole role, long term)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_transitions)
            {
                _transitions.Add(new Transition(memberId, role, term, now));
            }
        }

        public void OnCommitted(string memberId, long commitIndex)
        {
        }

        public void OnApplied(string memberId, LogEntry entry)
        {
        }

        public void OnRestored(string memberId, long index, long term)
        {
        }

        /// <summary>The member that became leader in <paramref name="term"/>, if one was seen.</summary>
        public string? LeaderOf(long term)
        {
            lock (_transitions)
            {
                return _transitions.FindLast(t => t.Role == RaftRole.Leader && t.Term == term)?.MemberId;
            }
        }

        /// <summary>The first change to <paramref name="role"/> for a term after <paramref name="afterTerm"/>, at or after <paramref name="since"/>.</summary>
        public Transition? First(long since, RaftRole role, long afterTerm)
        {
            lock (_transitions)
            {
                return _transitions.Find(t => t.Timestamp >= since && t.Role == role && t.Term > afterTerm);
            }
        }
    }

    private sealed record Transition(string MemberId, RaftRole Role, long Term, long Timestamp);
}
