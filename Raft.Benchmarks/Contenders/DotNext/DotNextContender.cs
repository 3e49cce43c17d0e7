using System.Diagnostics;
using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using Raft.Actors.TestKit.Remote;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Contenders.DotNext;

/// <summary>
/// dotNext's Raft (<c>DotNext.Net.Cluster</c>): three <see cref="RaftCluster"/> nodes in this process, talking over
/// dotNext's TCP transport on loopback, each with its own <c>WriteAheadLog</c> and <see cref="CommandCounter"/> in a
/// temporary directory. A proposal is <c>ReplicateAsync</c> on the node that leads (dotNext has no client that
/// routes or batches: each call appends one entry and waits until the leader has applied it); with no leader it
/// waits for one. Nothing of dotNext is patched or wrapped beyond that.
/// </summary>
internal sealed class DotNextContender : IContender
{
    private static readonly string[] Members = ["n1", "n2", "n3"];

    private readonly DotNextSettings _settings;
    private readonly string _root;
    private readonly Dictionary<string, DotNextMember> _members = new(StringComparer.Ordinal);

    public DotNextContender(DotNextSettings settings)
    {
        _settings = settings;
        _root = Directory.CreateTempSubdirectory("raft-bench-dotnext-").FullName;
        var endPoints = LoopbackPorts.Take(Members.Length).Select(port => new IPEndPoint(IPAddress.Loopback, port)).ToArray();
        for (var i = 0; i < Members.Length; i++)
        {
            _members[Members[i]] = new DotNextMember(Members[i], endPoints[i], endPoints, Path.Combine(_root, Members[i]), settings);
        }
    }

    public string Name => "dotNext 6.12.0";

    public string Setup => $"3 RaftCluster nodes in this process, {_settings.Describe()}; {DotNextSettings.Durability}; data in {_root} (removed at the end)";

    public IReadOnlyList<string> MemberIds => Members;

    /// <summary>dotNext reports failures through the calls that fail; it has no failure to report on its own here.</summary>
    public string? Failure => null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var member in _members.Values)
        {
            await member.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<string> WaitForLeaderAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        try
        {
            return (await LeaderAsync(deadline.Token).ConfigureAwait(false)).Id;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No dotNext member led within {Format.Ms(within)}.");
        }
    }

    public async Task<Commit> ProposeAsync(byte[] command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var leader = await LeaderAsync(deadline.Token).ConfigureAwait(false);
            var cluster = leader.Cluster ?? throw new NotLeaderException();

            // The entry is appended in the term the node leads now; read after the commit, the term could be a later one.
            var term = cluster.Term;
            await cluster.ReplicateAsync(command, token: deadline.Token).ConfigureAwait(false);
            return new Commit(leader.Id, term);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The proposal was not committed within {Format.Ms(timeout)}.");
        }
    }

    public Task StopMemberAsync(string memberId, CancellationToken cancellationToken) => Member(memberId).StopAsync(cancellationToken);

    public Task StartMemberAsync(string memberId, CancellationToken cancellationToken) => Member(memberId).StartAsync(cancellationToken);

    public long Applied(string memberId) => Member(memberId).Applied;

    public async Task<RecoveryTimes> MeasureRecoveryAsync(long entries, int commandBytes, Action<string> progress, CancellationToken cancellationToken)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, LoopbackPorts.Take(1)[0]);
        var member = new DotNextMember("r1", endPoint, [endPoint], Path.Combine(_root, "recovery"), _settings with { SnapshotEvery = 0 });
        var written = await WriteLogAsync(member, entries, commandBytes, progress, cancellationToken).ConfigureAwait(false);

        // The first start loads the code paths (JIT), the second is timed.
        var first = await StartAndCatchUpAsync(member, entries, cancellationToken).ConfigureAwait(false);
        progress($"first start: recovered in {Format.Ms(first.Recovered)}, caught up in {Format.Ms(first.CaughtUp)}; restarting");
        await member.StopAsync(cancellationToken).ConfigureAwait(false);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var (recovered, caughtUp) = await StartAndCatchUpAsync(member, entries, cancellationToken).ConfigureAwait(false);
        await member.StopAsync(cancellationToken).ConfigureAwait(false);
        return new RecoveryTimes(written, recovered, caughtUp,
            "recovered: RaftCluster.StartAsync has returned over the reopened WriteAheadLog (its state machine restored first); caught up: the counter has counted every entry (dotNext persists the commit index, so it re-applies without an election)");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var member in _members.Values)
            {
                await member.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>
    /// Writes the log as a member that led term 1 alone would hold it: term 1, <paramref name="entries"/> commands
    /// appended one by one (dotNext's log has no batch append of in-memory entries), committed, applied, flushed.
    /// </summary>
    private static async Task<TimeSpan> WriteLogAsync(DotNextMember member, long entries, int commandBytes, Action<string> progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (counter, log) = await member.OpenStorageAsync(cancellationToken).ConfigureAwait(false);
        await using (counter.ConfigureAwait(false))
        await using (log.ConfigureAwait(false))
        {
            await log.InitializeAsync(cancellationToken).ConfigureAwait(false);
            await ((IPersistentState)log).UpdateTermAsync(1, resetLastVote: false, cancellationToken).ConfigureAwait(false);
            var next = entries / 10;
            for (long index = 1; index <= entries; index++)
            {
                var command = Scenarios.BenchGroup.Command(commandBytes, 0, index);
                await log.AppendAsync(new BinaryLogEntry { Content = command, Term = 1 }, cancellationToken).ConfigureAwait(false);
                if (index >= next)
                {
                    progress($"writing the log: {Format.Count(index)} / {Format.Count(entries)} entries");
                    next += entries / 10;
                }
            }

            await log.CommitAsync(entries, cancellationToken).ConfigureAwait(false);
            await log.WaitForApplyAsync(entries, cancellationToken).ConfigureAwait(false);
            await log.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task<(TimeSpan Recovered, TimeSpan CaughtUp)> StartAndCatchUpAsync(DotNextMember member, long entries, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await member.StartAsync(cancellationToken).ConfigureAwait(false);
        var recovered = Stopwatch.GetElapsedTime(started);
        while (member.Applied < entries)
        {
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"dotNext member {member.Id} counted {member.Applied} of {entries} entries after 10 minutes.");
            }

            await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        }

        return (recovered, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The member that leads; with none, waits until one of the running members is elected.</summary>
    private async Task<DotNextMember> LeaderAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var running = new List<(DotNextMember Member, RaftCluster Cluster)>(_members.Count);
            foreach (var member in _members.Values)
            {
                if (member.IsLeader)
                {
                    return member;
                }

                if (member.Cluster is { } cluster)
                {
                    running.Add((member, cluster));
                }
            }

            if (running.Count == 0)
            {
                throw new InvalidOperationException("No dotNext member is running.");
            }

            using var elected = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var waits = running.Select(r => r.Cluster.WaitForLeadershipAsync(elected.Token)).ToArray();
            await Task.WhenAny(waits).ConfigureAwait(false);
            await elected.CancelAsync().ConfigureAwait(false);
            await ((Task)Task.WhenAll(waits)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private DotNextMember Member(string memberId) =>
        _members.TryGetValue(memberId, out var member) ? member : throw new ArgumentException($"No dotNext member '{memberId}'.", nameof(memberId));
}
