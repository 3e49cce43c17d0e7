using System.Collections.Concurrent;
using System.Diagnostics;
using Raft.Actors.Cluster;
using Raft.Actors.Core;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Journals;
using Raft.Benchmarks.Reporting;
using Raft.Benchmarks.Scenarios;

namespace Raft.Benchmarks.Contenders.Ours;

/// <summary>
/// Our <see cref="RaftGroup"/>: three members in one <c>ActorSystem</c>, journaled through Akka.Persistence.Sql on
/// a SQLite file per member (or one shared, <c>--sqlite-files shared</c>) in a temporary directory (WAL mode, <c>synchronous = FULL</c>: every journal write is fsynced
/// before the member acts on it), proposed to through <see cref="RaftGroupClient"/>, which batches concurrent
/// proposals. Each member incarnation counts commands in a <see cref="CountingStateMachine"/>.
/// </summary>
internal sealed class OursContender : IContender
{
    private static readonly string[] Members = ["n1", "n2", "n3"];

    private readonly GroupSettings _settings;
    private readonly ConcurrentDictionary<string, CountingStateMachine> _machines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _stopped = new(StringComparer.Ordinal);
    private readonly LeadersByTerm _leaders = new();
    private BenchGroup? _bench;

    public OursContender(GroupSettings settings)
    {
        if (settings.Journal.Kind == JournalKind.InMemory)
        {
            throw new ArgumentException("The compare scenario measures durable storage: give a SQLite or PostgreSQL journal.", nameof(settings));
        }

        _settings = settings;
    }

    public string Name => "ours, 1 ActorSystem";

    public string Setup => Format.Invariant(
        $"3 RaftPeer actors in one ActorSystem, messages as in-process Tells; {JournalFactory.Name(_settings.Journal.Kind)} journal through Akka.Persistence.Sql (SQLite: {(_settings.Journal.SharedSqliteFile ? "one file" : "a file per member")}, WAL, synchronous=FULL), fsync before every vote, append reply and leader self-count; RaftGroupClient batching; election timeouts {_settings.ElectionTimeout.TotalMilliseconds:0}-{_settings.ElectionTimeout.TotalMilliseconds * 2:0} ms, heartbeat {_settings.HeartbeatInterval.TotalMilliseconds:0} ms");

    public IReadOnlyList<string> MemberIds => Members;

    public string? Failure => _bench?.Failure;

    private BenchGroup Bench => _bench ?? throw new InvalidOperationException("The group has not been started.");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _bench = BenchGroup.Create(_settings, "compare");
        _bench.Start(Members, observer: _leaders, started: (memberId, machine) => _machines[memberId] = machine);
        return Task.CompletedTask;
    }

    public async Task<string> WaitForLeaderAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        if (Bench.Client.Leader is { } known && !_stopped.ContainsKey(known))
        {
            return known;
        }

        try
        {
            var (leader, _) = await Bench.WaitForLeaderAsync(within, cancellationToken).ConfigureAwait(false);
            return leader.MemberId;
        }
        catch (BenchmarkFailedException ex) when (Bench.Failure is null)
        {
            throw new TimeoutException(ex.Message, ex);
        }
    }

    public async Task<Commit> ProposeAsync(byte[] command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await Bench.Client.ProposeAsync(command, timeout, cancellationToken).ConfigureAwait(false);
        return new Commit(_leaders.Of(result.Term) ?? Bench.Client.Leader ?? "?", result.Term);
    }

    public async Task StopMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        _stopped[memberId] = true;
        await Bench.Group.StopMemberAsync(memberId, cancellationToken).ConfigureAwait(false);
        _machines.TryRemove(memberId, out _);
    }

    public async Task StartMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        await Bench.Group.StartMemberAsync(memberId, cancellationToken).ConfigureAwait(false);
        _stopped.TryRemove(memberId, out _);
    }

    public long Applied(string memberId) => _machines.TryGetValue(memberId, out var machine) ? machine.Count : 0;

    public async Task<RecoveryTimes> MeasureRecoveryAsync(long entries, int commandBytes, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var bench = BenchGroup.Create(_settings, "compare-recovery");
        var memberId = RestartScenario.MemberId;
        var writing = Stopwatch.GetTimestamp();
        var next = 0L;
        var complete = await JournalPopulator.WriteAsync(bench, memberId, entries, commandBytes, batch: 1000, last =>
        {
            if (last >= next)
            {
                progress($"writing the journal: {Format.Count(last)} / {Format.Count(entries)} entries");
                next = last + (entries / 10);
            }
        }, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!complete)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        var written = Stopwatch.GetElapsedTime(writing);

        // Snapshots off, so the log stays as long; the first start loads the code paths (JIT), the second is timed.
        var group = bench.Start([memberId], new SnapshotPolicy { EveryEntries = 0, EveryBytes = 0 });
        var first = await RestartScenario.Recover(bench, Stopwatch.GetTimestamp(), entries, cancellationToken).ConfigureAwait(false);
        progress($"first start: recovered in {Format.Ms(first.Recovered)}, caught up in {Format.Ms(first.CaughtUp)}; restarting");
        await group.StopMemberAsync(memberId, cancellationToken).ConfigureAwait(false);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var started = Stopwatch.GetTimestamp();
        await group.StartMemberAsync(memberId, cancellationToken).ConfigureAwait(false);
        var (recovered, caughtUp) = await RestartScenario.Recover(bench, started, entries, cancellationToken).ConfigureAwait(false);
        return new RecoveryTimes(written, recovered, caughtUp,
            "recovered: the restarted peer answers a status with the recovered last index (journal replayed); caught up: it has elected itself and re-applied every entry (Raft's commit index is not persisted, so this includes an election timeout)");
    }

    public async ValueTask DisposeAsync()
    {
        if (_bench is not null)
        {
            await _bench.DisposeAsync().ConfigureAwait(false);
            _bench = null;
        }
    }
}
