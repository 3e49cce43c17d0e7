using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Actors.StateMachine;
using Raft.Actors.TestKit.Safety;
using Raft.Actors.TestKit.Scenarios;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>
/// A Raft group on the deterministic simulation: members "n1".."nN", each a <see cref="SimulatedMember"/> hosting a
/// <see cref="RaftNode"/>, on a <see cref="SimulatedNetwork"/>, each with a <see cref="SimulatedJournal"/> that survives
/// its crashes. Everything runs on the caller's thread in virtual time, so a seed replays a run exactly. Every run is
/// watched by a <see cref="SafetyChecker"/>, which fails it at the event that breaks a safety property.
/// </summary>
public sealed class SimulatedCluster
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Slot[] _slotList;
    private readonly ClusterSettings _settings;

    public SimulatedCluster(int seed, int size, ClusterSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _settings = settings ?? new ClusterSettings();
        _settings.Options.Validate();
        Simulator = new Simulator(seed);
        Network = new SimulatedNetwork(Simulator);
        Safety = new SafetyChecker(LogOf, () => Running);
        Members = [.. Enumerable.Range(1, size).Select(i => $"n{i}")];
        _slotList = [.. Members.Select(m => new Slot(m, new SimulatedJournal(m)))];
        foreach (var slot in _slotList)
        {
            _slots[slot.MemberId] = slot;
        }

        foreach (var member in Members)
        {
            Start(member);
        }
    }

    public Simulator Simulator { get; }

    public SimulatedNetwork Network { get; }

    public SafetyChecker Safety { get; }

    public IReadOnlyList<string> Members { get; }

    public IEnumerable<string> Running => Members.Where(IsRunning);

    public TimeSpan Now => Simulator.Now;

    /// <summary>The run's one random source, for scenarios that make random choices.</summary>
    public Random Random => Simulator.Random;

    public bool IsRunning(string member) => SlotOf(member).Member is not null;

    /// <summary>The running incarnation of <paramref name="member"/>.</summary>
    public SimulatedMember MemberOf(string member) => SlotOf(member).Member ?? throw new InvalidOperationException($"'{member}' is not running.");

    /// <summary>The member's durable journal (it survives crashes).</summary>
    public SimulatedJournal JournalOf(string member) => SlotOf(member).Journal;

    /// <summary>The running incarnation's state machine; null while the member is down.</summary>
    public IStateMachine? StateMachineOf(string member) => SlotOf(member).Member?.StateMachine;

    /// <summary>The running member's state, read directly.</summary>
    public ClientProtocol.PeerStatus Status(string member) => MemberOf(member).Status;

    /// <summary>The running member's log in memory; null while it is down.</summary>
    public RaftLog? LogOf(string member) => SlotOf(member).Member?.Node.Log;

    /// <summary>
    /// Stops the member at once: what its journal made durable survives; its outstanding write, volatile state,
    /// timers and state machine are lost.
    /// </summary>
    public void Crash(string member)
    {
        var slot = SlotOf(member);
        slot.Member?.Stop();
        slot.Member = null;
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

    /// <summary>Switches the network between <see cref="NetworkConditions.Reliable"/> and <see cref="NetworkConditions.Unreliable"/>.</summary>
    public bool Unreliable
    {
        get => Network.Conditions != NetworkConditions.Reliable;
        set => Network.Conditions = value ? NetworkConditions.Unreliable : NetworkConditions.Reliable;
    }

    public void RunFor(TimeSpan duration) => Simulator.RunFor(duration);

    public bool RunUntil(Func<bool> condition, TimeSpan timeout) => Simulator.RunUntil(condition, timeout);

    /// <summary>Running members that see themselves as leader, with their terms.</summary>
    public IReadOnlyList<(string Member, long Term)> Leaders()
    {
        var leaders = new List<(string, long)>();
        foreach (var slot in _slotList)
        {
            if (slot.Member?.Node is { Role: RaftRole.Leader } node)
            {
                leaders.Add((slot.MemberId, node.CurrentTerm));
            }
        }

        return leaders;
    }

    /// <summary>
    /// Runs (virtual time) until there is a leader among <paramref name="among"/> (default: running, connected members),
    /// in the way of the MIT 6.824 tests, and returns the leader of the highest term; fails after the time limit.
    /// A deposed leader cut off by a partition may still believe it leads: name the side to look at.
    /// </summary>
    public string ExpectOneLeader(IEnumerable<string>? among = null, TimeSpan? within = null)
    {
        var candidates = among?.ToHashSet(StringComparer.Ordinal);
        var timeout = within ?? TimeSpan.FromSeconds(5);
        string? leader = null;
        var found = RunUntil(() => (leader = HighestLeader(candidates)) is not null, timeout);
        return found ? leader! : throw new ScenarioAssertionException($"no leader among {(candidates is null ? "connected members" : string.Join(",", candidates))} after {timeout.TotalSeconds} s (virtual), at {Now.TotalMilliseconds:F1} ms.");
    }

    /// <summary>Proposes <paramref name="command"/> to <paramref name="member"/>; the tracker fills in as the member answers. A member that is down never answers.</summary>
    public ProposalTracker Propose(string member, byte[] command)
    {
        var tracker = new ProposalTracker(member, command);
        SlotOf(member).Member?.Propose(tracker, command);
        return tracker;
    }

    /// <summary>Proposes <paramref name="command"/> to <paramref name="member"/> for a client of the caller's; a member that is down never answers.</summary>
    public void Propose(string member, ISimulatedClient client, byte[] command) => SlotOf(member).Member?.Propose(client, command);

    /// <summary>Sends <paramref name="member"/> a linearizable read (<see cref="ClientProtocol.Read"/>); the tracker fills in as it answers. A member that is down never answers.</summary>
    public ReadTracker Read(string member, byte[] query)
    {
        var tracker = new ReadTracker(member);
        Read(member, tracker, query);
        return tracker;
    }

    /// <summary>Sends <paramref name="member"/> a linearizable read for a client of the caller's.</summary>
    public void Read(string member, ISimulatedClient client, byte[] query) => SlotOf(member).Member?.Read(client, query);

    /// <summary>Proposes <paramref name="commands"/> to <paramref name="member"/> in one <see cref="ClientProtocol.ProposeBatch"/>.</summary>
    public BatchTracker ProposeBatch(string member, byte[][] commands)
    {
        var tracker = new BatchTracker(member, commands);
        SlotOf(member).Member?.ProposeBatch(tracker, commands);
        return tracker;
    }

    /// <summary>
    /// Proposes <paramref name="command"/> to whichever member leads, retrying with the next leader if it is lost,
    /// until at least <paramref name="expectedPeers"/> running members have applied it; returns its index.
    /// </summary>
    public long Commit(byte[] command, int expectedPeers, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var limit = within ?? TimeSpan.FromSeconds(10);
        var deadline = Now + limit;
        while (Now < deadline)
        {
            foreach (var (member, _) in Leaders())
            {
                var tracker = Propose(member, command);
                RunUntil(() => tracker.Answered, TimeSpan.FromMilliseconds(50));
                if (tracker.Accepted is not { } accepted)
                {
                    continue;
                }

                var applied = RunUntil(
                    () => Safety.AppliedAt(accepted.Index) is { } entry
                          && (entry.Term != accepted.Term || Safety.CountApplied(accepted.Index, Running) >= expectedPeers),
                    TimeSpan.FromSeconds(2));
                if (applied && Safety.AppliedAt(accepted.Index) is { } committed && committed.Term == accepted.Term
                    && committed.Command.AsSpan().SequenceEqual(command))
                {
                    return accepted.Index;
                }
            }

            RunFor(TimeSpan.FromMilliseconds(50));
        }

        throw new ScenarioAssertionException($"a command of {command.Length} bytes was not applied by {expectedPeers} members within {limit.TotalSeconds} s (virtual), at {Now.TotalMilliseconds:F1} ms.");
    }

    /// <summary>Asks the member's state machine for a snapshot now, whatever the snapshot policy says.</summary>
    public void TakeSnapshot(string member) => MemberOf(member).TakeSnapshot();

    /// <summary>Checks the properties that are checked on demand rather than at every event (log matching).</summary>
    public void CheckSafety() => Safety.CheckLogMatching();

    private string? HighestLeader(HashSet<string>? candidates)
    {
        string? leader = null;
        var highest = -1L;
        foreach (var slot in _slotList)
        {
            if (slot.Member?.Node is { Role: RaftRole.Leader } node && Network.IsConnected(slot.MemberId)
                && (candidates is null || candidates.Contains(slot.MemberId)) && node.CurrentTerm > highest)
            {
                highest = node.CurrentTerm;
                leader = slot.MemberId;
            }
        }

        return leader;
    }

    private Slot SlotOf(string member) =>
        _slots.TryGetValue(member, out var slot) ? slot : throw new ArgumentException($"'{member}' is not a member of this cluster ({string.Join(",", Members)}).", nameof(member));

    private void Start(string member)
    {
        var slot = SlotOf(member);
        var peers = Members.Where(m => m != member).ToList();
        var incarnation = new SimulatedMember(member, peers, _settings.Options, _settings.StateMachineFactory(member), slot.Journal, Simulator, Network, _settings.SyncDelay, Safety);
        slot.Member = incarnation;
        incarnation.Start();

        // Let it hand a recovered snapshot to its state machine now, so callers see the restarted member's state.
        Simulator.RunFor(TimeSpan.Zero);
    }

    private sealed class Slot(string memberId, SimulatedJournal journal)
    {
        public string MemberId { get; } = memberId;

        public SimulatedJournal Journal { get; } = journal;

        public SimulatedMember? Member { get; set; }
    }
}
