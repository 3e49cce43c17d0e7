using Raft.Actors.Actors;
using Raft.Actors.Log;
using Raft.Actors.Messages;
using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Raft.Actors.StateMachine;
using Raft.Actors.Transport;

namespace Raft.Actors.Testing;

/// <summary>
/// A Raft group on the deterministic simulation: N peers ("n1".."nN") on a <see cref="SimulatedNetwork"/>, each
/// with an in-memory journal that survives its crashes. Everything runs on the caller's thread in virtual time,
/// so a seed replays a run exactly. Every run is watched by a <see cref="SafetyChecker"/>.
/// </summary>
public sealed class SimulatedCluster : IDisposable
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly ClusterSettings _settings;
    private int _nextMember;

    public SimulatedCluster(int seed, int size, ClusterSettings? settings = null)
    {
        _settings = settings ?? new ClusterSettings();
        _settings.Options.Validate();
        Simulation = new Simulation(seed);
        System = new SimulatedActorSystem(Simulation);
        Network = new SimulatedNetwork(Simulation);
        Safety = new SafetyChecker(LogOf, () => Running);
        var members = Enumerable.Range(1, size).Select(i => $"n{i}").ToList();
        Members = members;
        foreach (var member in members)
        {
            _slots[member] = new Slot(new InMemoryJournal($"memory:{member}"));
        }

        foreach (var member in members)
        {
            Start(member);
        }
    }

    public Simulation Simulation { get; }

    public SimulatedActorSystem System { get; }

    public SimulatedNetwork Network { get; }

    public SafetyChecker Safety { get; }

    public IReadOnlyList<string> Members { get; }

    public IEnumerable<string> Running => Members.Where(IsRunning);

    public TimeSpan Now => Simulation.Now;

    public Random Random => Simulation.Random;

    public bool IsRunning(string member) => _slots[member].Ref is not null;

    public IActorRef RefOf(string member) => _slots[member].Ref ?? throw new InvalidOperationException($"'{member}' is not running.");

    public InMemoryJournal JournalOf(string member) => _slots[member].Journal;

    public IStateMachine? StateMachineOf(string member) => _slots[member].StateMachine;

    /// <summary>The running peer's state, read directly (same thread).</summary>
    public ClientProtocol.PeerStatus Status(string member) =>
        (_slots[member].Peer ?? throw new InvalidOperationException($"'{member}' is not running.")).Status;

    public RaftLog? LogOf(string member) => _slots[member].Peer?.Log;

    /// <summary>Stops the member at once: what its journal synced survives, everything else (queued writes, volatile state, its state machine) is lost.</summary>
    public void Crash(string member)
    {
        var slot = _slots[member];
        if (slot.Ref is null)
        {
            return;
        }

        System.Stop(slot.Ref);
        Network.Register(member, null);
        slot.Ref = null;
        slot.Peer = null;
        slot.StateMachine = null;
    }

    /// <summary>Starts a new incarnation of a crashed member from its journal, with a fresh state machine.</summary>
    public void Restart(string member)
    {
        if (IsRunning(member))
        {
            throw new InvalidOperationException($"'{member}' is running; crash it first.");
        }

        Safety.OnRestarted(member);
        Start(member);
    }

    public void Disconnect(string member) => Network.Disconnect(member);

    public void Connect(string member) => Network.Connect(member);

    public void Partition(params IReadOnlyCollection<string>[] groups) => Network.Partition(groups);

    public void Heal() => Network.Heal();

    public bool Unreliable
    {
        get => Network.Conditions != NetworkConditions.Reliable;
        set => Network.Conditions = value ? NetworkConditions.Unreliable : NetworkConditions.Reliable;
    }

    public void RunFor(TimeSpan duration) => Simulation.RunFor(duration);

    public bool RunUntil(Func<bool> condition, TimeSpan timeout) => Simulation.RunUntil(condition, timeout);

    /// <summary>Running members that currently see themselves as leader, with their terms.</summary>
    public IReadOnlyList<(string Member, long Term)> Leaders() =>
        Running.Select(m => (m, Status(m))).Where(x => x.Item2.Role == RaftRole.Leader).Select(x => (x.m, x.Item2.Term)).ToList();

    /// <summary>
    /// Waits (virtual time) for a leader among <paramref name="among"/> (default: running, connected members), in
    /// the way of the MIT 6.824 tests: returns the leader of the highest term, or fails after the time limit.
    /// A deposed leader cut off by a partition may still believe it leads; name the side to look at.
    /// </summary>
    public string ExpectOneLeader(IEnumerable<string>? among = null, TimeSpan? within = null)
    {
        var candidates = among?.ToHashSet(StringComparer.Ordinal);
        var timeout = within ?? TimeSpan.FromSeconds(5);
        string? leader = null;
        var found = RunUntil(
            () =>
            {
                var leaders = Leaders().Where(l => Network.IsConnected(l.Member) && (candidates is null || candidates.Contains(l.Member))).ToList();
                if (leaders.Count == 0)
                {
                    return false;
                }

                var highest = leaders.Max(l => l.Term);
                leader = leaders.Single(l => l.Term == highest).Member;
                return true;
            },
            timeout);
        return found ? leader! : throw new ScenarioAssertionException($"no leader among {(candidates is null ? "connected members" : string.Join(",", candidates))} after {timeout.TotalSeconds} s (virtual) at {Now.TotalMilliseconds} ms.");
    }

    /// <summary>Sends a proposal to <paramref name="member"/>; the tracker fills in as the peer answers.</summary>
    public ProposalTracker Propose(string member, byte[] command)
    {
        var tracker = new ProposalTracker(member, command);
        if (_slots[member].Ref is { } peer)
        {
            peer.Tell(new ClientProtocol.Propose(command), tracker);
        }

        return tracker;
    }

    /// <summary>
    /// Proposes <paramref name="command"/> to whichever member leads, retrying with the next leader if it is lost,
    /// until at least <paramref name="expectedPeers"/> members have applied it; returns its index.
    /// </summary>
    public long Commit(byte[] command, int expectedPeers, TimeSpan? within = null)
    {
        var deadline = Now + (within ?? TimeSpan.FromSeconds(10));
        while (Now < deadline)
        {
            foreach (var member in Running.Where(m => Status(m).Role == RaftRole.Leader).ToList())
            {
                var tracker = Propose(member, command);
                RunUntil(() => tracker.Answered, TimeSpan.FromMilliseconds(50));
                if (tracker.Accepted is not { } accepted)
                {
                    continue;
                }

                var applied = RunUntil(
                    () => Safety.AppliedAt(accepted.Index) is { } e && Safety.CountApplied(accepted.Index, Running) >= expectedPeers
                          || (Safety.AppliedAt(accepted.Index) is { } other && other.Term != accepted.Term),
                    TimeSpan.FromSeconds(2));
                if (applied && Safety.AppliedAt(accepted.Index) is { } entry && entry.Term == accepted.Term
                    && entry.Command.AsSpan().SequenceEqual(command))
                {
                    return accepted.Index;
                }
            }

            RunFor(TimeSpan.FromMilliseconds(50));
        }

        throw new ScenarioAssertionException($"command of {command.Length} bytes was not applied by {expectedPeers} members within {(within ?? TimeSpan.FromSeconds(10)).TotalSeconds} s (virtual).");
    }

    /// <summary>Checks the properties that are checked on demand rather than per event (log matching).</summary>
    public void CheckSafety() => Safety.CheckLogMatching();

    public void Dispose() => System.Dispose();

    private void Start(string member)
    {
        var slot = _slots[member];
        var peers = Members.Where(m => m != member).ToDictionary(m => m, m => Network.RefFor(member, m), StringComparer.Ordinal);
        var machine = _settings.StateMachineFactory(member);
        var peer = new RaftPeer(new PeerSetup(member, peers, slot.Journal, machine, _settings.Options, Safety));
        var reference = System.ActorOf(() => peer, $"{member}.{++_nextMember}");
        slot.Peer = peer;
        slot.StateMachine = machine;
        slot.Ref = reference;
        Network.Register(member, reference);

        // Let it recover from its journal now, so callers see the restarted peer's state.
        Simulation.RunFor(TimeSpan.Zero);
    }

    private sealed class Slot(InMemoryJournal journal)
    {
        public InMemoryJournal Journal { get; } = journal;

        public RaftPeer? Peer { get; set; }

        public IActorRef? Ref { get; set; }

        public IStateMachine? StateMachine { get; set; }
    }
}
