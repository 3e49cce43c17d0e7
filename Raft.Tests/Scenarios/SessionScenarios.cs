using System.Text;
using Raft.Actors.Protocol;
using Raft.Actors.StateMachine.Sessions;
using Raft.Actors.TestKit.Scenarios;
using Raft.Actors.TestKit.Simulation;
using Raft.Tests.Sessions;

namespace Raft.Tests.Scenarios;

/// <summary>
/// Client sessions on the simulation: clients that propose every write again, with the same stamp, whenever its
/// leader is lost (crashed, cut off, deposed) or a snapshot is taken, and once more after it applied. Every write must
/// reach each member's state machine once, and every attempt must get the first result.
/// </summary>
public sealed class SessionScenarios
{
    private const int ClientCount = 3;
    private const int WritesPerClient = 8;
    private const int Window = 3;

    [Fact]
    public void Writes_retried_across_leader_changes_are_applied_once() => Seeds.Run(40, seed =>
    {
        var machines = new Dictionary<string, RecordingMachine>(StringComparer.Ordinal);
        var cluster = new SimulatedCluster(seed, 3, new ClusterSettings
        {
            StateMachineFactory = member => new SessionStateMachine(machines[member] = new RecordingMachine()),
        });
        cluster.ExpectOneLeader();
        var writes = Enumerable.Range(1, ClientCount)
            .SelectMany(c => Enumerable.Range(1, WritesPerClient).Select(s => new Write($"client-{c}", s)))
            .ToList();
        var disruption = new Disruption(cluster);
        var deadline = cluster.Now + TimeSpan.FromSeconds(60);
        while (writes.Any(w => !w.Done))
        {
            if (cluster.Now > deadline)
            {
                throw new ScenarioAssertionException($"writes not applied (twice: once, and once more as a duplicate) within 60 s (virtual): {string.Join(", ", writes.Where(w => !w.Done))}.");
            }

            var leader = Leader(cluster);
            foreach (var write in writes)
            {
                write.Collect();
                var lowestOpen = writes.Where(w => w.ClientId == write.ClientId && !w.Done).Select(w => w.Sequence).DefaultIfEmpty(int.MaxValue).Min();
                if (leader is not null && write.Sequence < lowestOpen + Window && write.NeedsAttempt(leader, cluster.Now))
                {
                    write.Propose(cluster, leader, lowestOpen);
                }
            }

            disruption.Step(leader);
            cluster.RunFor(TimeSpan.FromMilliseconds(cluster.Random.Next(5, 40)));
        }

        disruption.Heal();
        foreach (var write in writes)
        {
            write.CheckEveryAttemptGotTheFirstResult();
        }

        var expected = writes.Select(w => w.Command).Order(StringComparer.Ordinal).ToList();
        var caughtUp = cluster.RunUntil(() => cluster.Members.All(m => cluster.IsRunning(m) && machines[m].Applied.Count >= expected.Count), TimeSpan.FromSeconds(10));
        foreach (var member in cluster.Members)
        {
            var applied = machines[member].Applied.Order(StringComparer.Ordinal).ToList();
            if (!caughtUp || !applied.SequenceEqual(expected))
            {
                var repeated = applied.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}");
                throw new ScenarioAssertionException($"{member} applied {applied.Count} writes, expected each of {expected.Count} once; repeated: [{string.Join(", ", repeated)}], missing: [{string.Join(", ", expected.Except(applied))}].");
            }
        }

        cluster.CheckSafety();
    });

    private static string? Leader(SimulatedCluster cluster) =>
        cluster.Running.FirstOrDefault(m => cluster.Status(m).Role == RaftRole.Leader && cluster.Network.IsConnected(m));

    /// <summary>One write of one client and every attempt at it.</summary>
    private sealed class Write(string clientId, int sequence)
    {
        private TimeSpan _lastAttemptAt;

        public string ClientId { get; } = clientId;

        public int Sequence { get; } = sequence;

        public string Command => $"{ClientId}/{Sequence}";

        /// <summary>Fixed at the first attempt: every retry sends the same bytes.</summary>
        public byte[]? Envelope { get; private set; }

        public List<ProposalTracker> Attempts { get; } = [];

        public SessionResult? FirstResult { get; private set; }

        /// <summary>
        /// Applied, and applied again: the client acknowledges a write (lets its sequence fall below its first
        /// unacknowledged one) only after it has retried it once more as if its reply were lost.
        /// </summary>
        public bool Done => Attempts.Count(a => a.Applied is not null) >= 2;

        /// <summary>
        /// A first attempt, or a retry: the last attempt applied (retry once more), was refused or failed, went to a
        /// member that no longer leads, or has had no answer for a second (its member crashed and came back).
        /// </summary>
        public bool NeedsAttempt(string leader, TimeSpan now) =>
            !Done && (Attempts.Count == 0 || Attempts[^1] is var last && (last.Applied is not null || last.NotLeader is not null
                || last.Failed is not null || last.MemberId != leader || now - _lastAttemptAt > TimeSpan.FromSeconds(1)));

        public void Propose(SimulatedCluster cluster, string leader, int lowestOpen)
        {
            Envelope ??= SessionEnvelope.Encode(new SessionStamp(ClientId, Sequence, lowestOpen), Encoding.UTF8.GetBytes(Command));
            Attempts.Add(cluster.Propose(leader, Envelope));
            _lastAttemptAt = cluster.Now;
        }

        public void Collect()
        {
            if (FirstResult is null && Attempts.FirstOrDefault(a => a.Applied is not null) is { Applied: { } applied })
            {
                FirstResult = SessionResult.Decode(applied.Result);
            }
        }

        public void CheckEveryAttemptGotTheFirstResult()
        {
            var results = Attempts.Where(a => a.Applied is not null).Select(a => SessionResult.Decode(a.Applied!.Result)).ToList();
            // The attempt that applied it may have gone unanswered (its leader crashed): then every answer is a Duplicate.
            if (results.Count(r => r.Status == SessionStatus.Applied) > 1 || results.Any(r => !r.Succeeded || !r.Result.SequenceEqual(FirstResult!.Result)))
            {
                throw new ScenarioAssertionException($"{Command}: {results.Count} attempts answered, expected at most one Applied and the rest Duplicate with the same result; got [{string.Join(", ", results.Select(r => $"{r} '{Encoding.UTF8.GetString(r.Result)}'"))}].");
            }
        }

        public override string ToString() => $"{Command} ({Attempts.Count} attempts)";
    }

    /// <summary>
    /// Takes the leader out (crash, or cut off) as soon as the first writes are in flight, then now and then again, and
    /// brings it back a little later; one member at a time.
    /// </summary>
    private sealed class Disruption(SimulatedCluster cluster)
    {
        private int _count;
        private string? _down;
        private bool _crashed;
        private TimeSpan _backAt;

        public void Step(string? leader)
        {
            if (_down is not null)
            {
                if (cluster.Now >= _backAt)
                {
                    Heal();
                }

                return;
            }

            if (leader is null || (_count > 0 && cluster.Random.Next(12) != 0))
            {
                return;
            }

            _count++;
            _down = leader;
            _backAt = cluster.Now + TimeSpan.FromMilliseconds(cluster.Random.Next(200, 800));
            _crashed = cluster.Random.Next(2) == 0;
            if (cluster.Random.Next(3) == 0)
            {
                cluster.TakeSnapshot(leader);
            }

            if (_crashed)
            {
                cluster.Crash(leader);
            }
            else
            {
                cluster.Disconnect(leader);
            }
        }

        public void Heal()
        {
            if (_down is null)
            {
                return;
            }

            if (_crashed)
            {
                cluster.Restart(_down);
            }
            else
            {
                cluster.Connect(_down);
            }

            _down = null;
        }
    }
}
