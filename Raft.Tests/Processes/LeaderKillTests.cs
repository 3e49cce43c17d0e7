using System.Diagnostics;
using Akka.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.Configuration;
using Raft.Actors.KeyValue;
using Raft.Actors.Protocol;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Raft.Tests.Processes;

/// <summary>
/// Design layer 5: three <c>Raft.Host node</c> processes on loopback ports with durable SQLite journals, used by
/// key-value clients in this test process: some through the actor API (an actor system that is not a member), some
/// through the nodes' HTTP API, all doing gets, puts, compare-and-sets and deletes on a few shared keys, writes stamped
/// in a session so a retry applies once. Round after round the leader's process is killed with SIGKILL, writes must
/// resume under a new leader, and the killed member is started again and catches up. Afterwards the clients' history
/// is linearizable, every write a client saw acknowledged is in every member's journal at the index (and term) it was
/// acknowledged with, and no term had two leaders. <c>RAFT_PROCESS_ROUNDS</c> sets the rounds (default 20). When the
/// test fails, the processes' output and data directories are kept, and the failure message says where.
/// </summary>
public sealed class LeaderKillTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(ClientConfig, output: output), IAsyncLifetime
{
    private const int ActorClients = 3;
    private const int HttpClients = 2;
    private const int Keys = 5;

    private static readonly Config ClientConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        """).WithFallback(RaftConfig.Default);

    /// <summary>Generous: a loaded 2-core machine starts .NET slowly and delays heartbeats.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"raft-process-test-{Guid.NewGuid():N}");
    private readonly ProcessWorkload _workload = new(Keys, drain: Limit);
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) };
    private NodeCluster _cluster = null!;
    private bool _passed;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _cluster = new NodeCluster(_directory, "n1", "n2", "n3");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _cluster.Dispose();
        await _workload.AbandonAsync();
        _http.Dispose();
        if (_passed)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public Task Killing_the_leader_process_round_after_round_loses_no_acknowledged_write_keeps_the_clients_history_linearizable_and_never_elects_two_leaders_in_a_term() =>
        KeepingEvidenceOnFailure(async () =>
        {
            var rounds = int.TryParse(Environment.GetEnvironmentVariable("RAFT_PROCESS_ROUNDS"), out var configured) ? configured : 20;
            await Task.WhenAll(_cluster.Addresses.Keys.Select(_cluster.StartAsync));
            var client = RaftGroupClient.Connect(Sys, "raft", _cluster.Addresses, TimeSpan.FromSeconds(2));
            StartClients(client);

            for (var round = 1; round <= rounds; round++)
            {
                var leader = await CurrentLeader(client, $"round {round}");
                var before = _workload.Acknowledged.Count;
                var started = Stopwatch.StartNew();
                await _cluster.KillAsync(leader.MemberId);

                // Started again at once, as a supervisor would: the others elect a leader while the process boots.
                var restart = _cluster.StartAsync(leader.MemberId);
                await AwaitAssertAsync(
                    () => Assert.True(_workload.Acknowledged.Count >= before + ActorClients + HttpClients, $"round {round}: writes did not resume after killing {leader.MemberId} (term {leader.Term})"),
                    Limit, TimeSpan.FromMilliseconds(50));
                var resumed = started.Elapsed;
                await restart;
                Output?.WriteLine($"round {round}: killed {leader.MemberId} (leader of term {leader.Term}); writes resumed after {resumed.TotalMilliseconds:F0} ms, it recovered after {started.Elapsed.TotalMilliseconds:F0} ms; {_workload.Acknowledged.Count} writes acknowledged so far");
            }

            await _workload.StopAsync();
            AssertLinearizable();
            await AssertCommittedEverywhere(client);
            await client.StopAsync();
            await _cluster.StopAllAsync();
            await AssertInEveryJournal();

            var leaderships = _cluster.Leaderships();
            var doubled = leaderships.GroupBy(l => l.Term).Where(g => g.Select(l => l.MemberId).Distinct().Count() > 1).ToList();
            Assert.True(doubled.Count == 0, "two leaders in one term: " + string.Join("; ", doubled.Select(g => $"term {g.Key}: {string.Join(", ", g.Select(l => l.MemberId).Distinct())}")));
            Assert.True(leaderships.Select(l => l.Term).Distinct().Count() > rounds, $"expected a new leader for each of the {rounds} rounds, saw terms {string.Join(", ", leaderships.Select(l => l.Term).Distinct())}");
            Output?.WriteLine($"{_workload.Acknowledged.Count} writes acknowledged over {rounds} rounds, all in every journal; {leaderships.Count} leaderships, one per term");
        });

    /// <summary>Runs the test; if it fails, kills the processes, saves their output next to their data directories and keeps them, and says where in the failure.</summary>
    private async Task KeepingEvidenceOnFailure(Func<Task> test)
    {
        try
        {
            await test();
            _passed = true;
        }
        catch (Exception ex)
        {
            _cluster.Dispose();
            _cluster.SaveOutput(Path.Combine(_directory, "logs"));
            throw new XunitException(
                $"{ex.Message}{Environment.NewLine}Kept for inspection in {_directory}: the node processes' output (logs/{{member}}.{{start}}.log) and data directories (raft-data/{{member}}).", ex);
        }
    }

    private void StartClients(RaftGroupClient client)
    {
        for (var i = 1; i <= ActorClients; i++)
        {
            _workload.Start($"actor-{i}", new ActorApiEndpoint(new KeyValueClient(new RaftSession(client, $"actor-{i}", TimeSpan.FromSeconds(6)))));
        }

        var nodes = _cluster.HttpUrls.Values.ToList();
        for (var i = 1; i <= HttpClients; i++)
        {
            _workload.Start($"http-{i}", new HttpApiEndpoint(_http, nodes, first: i % nodes.Count));
        }
    }

    private void AssertLinearizable()
    {
        var history = _workload.History.History();
        var checking = Stopwatch.StartNew();
        var result = _workload.Check();
        Output?.WriteLine($"{result.Describe()} (checked in {checking.ElapsedMilliseconds} ms); {history.Count(o => !o.IsKnown)} of unknown outcome; {_workload.Describe()}");
        Assert.True(result.IsLinearizable, result.Describe());
    }

    /// <summary>Every running member has committed the last acknowledged write.</summary>
    private async Task AssertCommittedEverywhere(RaftGroupClient client)
    {
        var last = _workload.Acknowledged.Max(a => a.Index);
        await AwaitAssertAsync(async () =>
        {
            foreach (var member in _cluster.Running)
            {
                var status = await client.StatusAsync(member, TimeSpan.FromSeconds(5));
                Assert.True(status.CommitIndex >= last, $"{member} has committed {status.CommitIndex}, the last acknowledged write is at {last}");
            }
        }, Limit, TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Each member's journal holds every acknowledged write past its snapshot, at the index (and term, when the answer named it) it was acknowledged with.</summary>
    private async Task AssertInEveryJournal()
    {
        foreach (var member in _cluster.Addresses.Keys)
        {
            var journal = await JournalContents.ReadAsync(this, _cluster.DataDirectory(member), "raft", member);
            var snapshotIndex = journal.Snapshot?.LastIncludedIndex ?? 0;
            var entries = journal.Entries.ToDictionary(e => e.Index);
            foreach (var write in _workload.Acknowledged.Where(a => a.Index > snapshotIndex))
            {
                Assert.True(entries.TryGetValue(write.Index, out var entry), $"{member}'s journal has no entry at {write.Index}, where {write.Operation} was acknowledged");
                Assert.True(entry.Command.AsSpan().SequenceEqual(write.Entry) && (write.Term is not { } term || entry.Term == term),
                    $"{member}'s journal holds another entry (term {entry.Term}) at {write.Index}, where {write.Operation} was acknowledged (term {write.Term?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not named"})");
            }
        }
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
}
