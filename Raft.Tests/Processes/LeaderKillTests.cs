using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Akka.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.Configuration;
using Raft.Actors.Protocol;
using Raft.Actors.KeyValue;
using Raft.Tests.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Processes;

/// <summary>
/// Design layer 5: three <c>Raft.Host node</c> processes on loopback ports with durable SQLite journals, written to
/// by clients in this test process (an actor system that is not a member). Round after round the leader's process is
/// killed with SIGKILL, writes must resume under a new leader, and the killed member is started again and catches up.
/// Afterwards every write a client saw acknowledged is in every member's journal at the index and term it was
/// acknowledged with, and no term had two leaders. <c>RAFT_PROCESS_ROUNDS</c> sets the rounds (default 20).
/// </summary>
public sealed class LeaderKillTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(ClientConfig, output: output), IAsyncLifetime
{
    private const int Writers = 4;

    private static readonly Config ClientConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        """).WithFallback(RaftConfig.Default);

    /// <summary>Generous: a loaded 2-core machine starts .NET slowly and delays heartbeats.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly TemporaryDirectory _directory = new();
    private readonly ConcurrentBag<Acknowledged> _acknowledged = [];
    private NodeCluster _cluster = null!;

    public Task InitializeAsync()
    {
        _cluster = new NodeCluster(_directory.Path, "n1", "n2", "n3");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _cluster.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Killing_the_leader_process_round_after_round_loses_no_acknowledged_write_and_never_elects_two_leaders_in_a_term()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("RAFT_PROCESS_ROUNDS"), out var configured) ? configured : 20;
        await Task.WhenAll(_cluster.Addresses.Keys.Select(_cluster.StartAsync));
        var client = RaftGroupClient.Connect(Sys, "raft", _cluster.Addresses, TimeSpan.FromSeconds(2));
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteUntilStopped(client, w, stop.Token))).ToArray();

        for (var round = 1; round <= rounds; round++)
        {
            var leader = await CurrentLeader(client, $"round {round}");
            var before = _acknowledged.Count;
            var started = Stopwatch.StartNew();
            await _cluster.KillAsync(leader.MemberId);

            // Started again at once, as a supervisor would: the others elect a leader while the process boots.
            var restart = _cluster.StartAsync(leader.MemberId);
            await AwaitAssertAsync(
                () => Assert.True(_acknowledged.Count >= before + Writers, $"round {round}: writes did not resume after killing {leader.MemberId} (term {leader.Term})"),
                Limit, TimeSpan.FromMilliseconds(50));
            var resumed = started.Elapsed;
            await restart;
            Output?.WriteLine($"round {round}: killed {leader.MemberId} (leader of term {leader.Term}); writes resumed after {resumed.TotalMilliseconds:F0} ms, it recovered after {started.Elapsed.TotalMilliseconds:F0} ms; {_acknowledged.Count} writes acknowledged so far");
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        var last = _acknowledged.Max(a => a.Index);
        await AwaitAssertAsync(async () =>
        {
            foreach (var member in _cluster.Running)
            {
                var status = await client.StatusAsync(member, TimeSpan.FromSeconds(5));
                Assert.True(status.CommitIndex >= last, $"{member} has committed {status.CommitIndex}, the last acknowledged write is at {last}");
            }
        }, Limit, TimeSpan.FromMilliseconds(200));
        await client.StopAsync();
        await _cluster.StopAllAsync();

        foreach (var member in _cluster.Addresses.Keys)
        {
            var journal = await JournalContents.ReadAsync(this, _cluster.DataDirectory(member), "raft", member);
            var snapshotIndex = journal.Snapshot?.LastIncludedIndex ?? 0;
            var entries = journal.Entries.ToDictionary(e => e.Index);
            foreach (var write in _acknowledged.Where(a => a.Index > snapshotIndex))
            {
                Assert.True(entries.TryGetValue(write.Index, out var entry), $"{member}'s journal has no entry at {write.Index}, where {write.Key} was acknowledged in term {write.Term}");
                Assert.True(entry.Term == write.Term && entry.Command.AsSpan().SequenceEqual(write.Command),
                    $"{member}'s journal holds term {entry.Term} at {write.Index}, where {write.Key} was acknowledged in term {write.Term}");
            }
        }

        var leaderships = _cluster.Leaderships();
        var doubled = leaderships.GroupBy(l => l.Term).Where(g => g.Select(l => l.MemberId).Distinct().Count() > 1).ToList();
        Assert.True(doubled.Count == 0, "two leaders in one term: " + string.Join("; ", doubled.Select(g => $"term {g.Key}: {string.Join(", ", g.Select(l => l.MemberId).Distinct())}")));
        Assert.True(leaderships.Select(l => l.Term).Distinct().Count() > rounds, $"expected a new leader for each of the {rounds} rounds, saw terms {string.Join(", ", leaderships.Select(l => l.Term).Distinct())}");
        Output?.WriteLine($"{_acknowledged.Count} writes acknowledged over {rounds} rounds, all in every journal; {leaderships.Count} leaderships, one per term");
    }

    /// <summary>The member every running member agrees leads, in the term they agree on.</summary>
    private async Task<ClientProtocol.PeerStatus> CurrentLeader(RaftGroupClient client, string phase)
    {
        ClientProtocol.PeerStatus? leader = null;
        await AwaitAssertAsync(async () =>
        {
            var statuses = await Task.WhenAll(_cluster.Running.Select(m => client.StatusAsync(m, TimeSpan.FromSeconds(5))));
            leader = statuses.SingleOrDefault(s => s.Role == RaftRole.Leader);
            Assert.True(leader is not null && statuses.All(s => s.Term == leader.Term && s.LeaderId == leader.MemberId),
                $"{phase}: the members do not agree on a leader: {string.Join("; ", statuses.Select(s => $"{s.MemberId} {s.Role} t{s.Term} leader {s.LeaderId}"))}");
        }, Limit, TimeSpan.FromMilliseconds(100));
        return leader!;
    }

    private async Task WriteUntilStopped(RaftGroupClient client, int writer, CancellationToken stop)
    {
        for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
        {
            var key = $"w{writer}-{sequence}";
            var command = KeyValueCommand.Set(key, Encoding.UTF8.GetBytes($"value {sequence}")).Encode();
            try
            {
                var result = await client.ProposeAsync(command);
                _acknowledged.Add(new Acknowledged(key, result.Index, result.Term, command));
            }
            catch (Exception ex) when (ex is ProposalFailedException or TimeoutException)
            {
                // Outcome unknown: nothing to check, the write was never acknowledged.
            }
        }
    }

    private sealed record Acknowledged(string Key, long Index, long Term, byte[] Command);
}
