using Raft.Actors.Actors;
using Raft.Actors.Log;
using Raft.Actors.Messages;
using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Raft.Actors.Transport;

namespace Raft.Actors.Testing;

/// <summary>
/// One real peer, "n1", whose other members are <see cref="TestProbe"/>s on a reliable simulated network: the
/// Akka way of testing one actor. Tests play the other members by hand (<see cref="Send"/> delivers a message to
/// the peer as if that member had sent it) and assert on exactly what the peer sends each probe. Everything runs
/// on the caller's thread in virtual time; a probe's expectation runs the simulation until its message arrives.
/// </summary>
/// <example>
/// <code>
/// using var harness = new PeerProbeHarness();
/// harness.Send("n2", new RaftProtocol.RequestVote(1, "n2", 0, 0));
/// var reply = harness.Probe("n2").ExpectMsg&lt;RaftProtocol.RequestVoteResult&gt;();
/// // reply is (1, "n1", granted), and harness.Journal already holds the vote.
/// </code>
/// </example>
public sealed class PeerProbeHarness : IDisposable
{
    /// <summary>The member id of the peer under test.</summary>
    public const string PeerId = "n1";

    private readonly Dictionary<string, TestProbe> _probes = new(StringComparer.Ordinal);
    private readonly RaftPeer _peer;

    public PeerProbeHarness(PeerProbeSettings? settings = null)
    {
        settings ??= new PeerProbeSettings();
        if (settings.MemberCount < 2)
        {
            throw new ArgumentException($"A probe harness needs at least 2 members (the peer and one probe), not {settings.MemberCount}.", nameof(settings));
        }

        Options = settings.Options.Validate();
        Simulation = new Simulation(settings.Seed);
        System = new SimulatedActorSystem(Simulation);
        Network = new SimulatedNetwork(Simulation) { Conditions = NetworkConditions.Reliable };
        Journal = new InMemoryJournal($"memory:{PeerId}");
        Journal.Write(OperationsToRecover(settings.InitialJournal));

        ProbeIds = Enumerable.Range(2, settings.MemberCount - 1).Select(i => $"n{i}").ToList();
        foreach (var memberId in ProbeIds)
        {
            var probe = new TestProbe(System, memberId);
            _probes[memberId] = probe;
            Network.Register(memberId, probe);
        }

        var peers = ProbeIds.ToDictionary(m => m, m => Network.RefFor(PeerId, m), StringComparer.Ordinal);
        _peer = new RaftPeer(new PeerSetup(PeerId, peers, Journal, settings.StateMachine(), Options));
        Peer = System.ActorOf(() => _peer, PeerId);
        Network.Register(PeerId, Peer);
    }

    public Simulation Simulation { get; }

    public SimulatedActorSystem System { get; }

    public SimulatedNetwork Network { get; }

    /// <summary>The peer's journal: what it holds is exactly what is durable.</summary>
    public InMemoryJournal Journal { get; }

    public RaftOptions Options { get; }

    /// <summary>The peer itself, for client messages (Propose, GetStatus) told directly rather than over the network.</summary>
    public IActorRef Peer { get; }

    /// <summary>The members played by probes: "n2".."nN".</summary>
    public IReadOnlyList<string> ProbeIds { get; }

    public TimeSpan Now => Simulation.Now;

    /// <summary>The peer's state, read directly (the simulation runs on this thread).</summary>
    public ClientProtocol.PeerStatus Status => _peer.Status;

    /// <summary>The peer's in-memory log, read directly.</summary>
    public RaftLog Log => _peer.Log;

    /// <summary>The probe playing <paramref name="memberId"/>.</summary>
    public TestProbe Probe(string memberId) =>
        _probes.TryGetValue(memberId, out var probe) ? probe : throw new ArgumentException($"'{memberId}' is not a probe; the probes are {string.Join(", ", ProbeIds)}.", nameof(memberId));

    /// <summary>Sends <paramref name="message"/> to the peer as member <paramref name="fromMember"/> does: over the network, with that member's probe as sender.</summary>
    public void Send(string fromMember, object message) => Network.RefFor(fromMember, PeerId).Tell(message, Probe(fromMember));

    /// <summary>A further probe, e.g. to play a client.</summary>
    public TestProbe CreateProbe(string name) => new(System, name);

    public void RunFor(TimeSpan duration) => Simulation.RunFor(duration);

    public bool RunUntil(Func<bool> condition, TimeSpan timeout) => Simulation.RunUntil(condition, timeout);

    public void Dispose() => System.Dispose();

    private static List<JournalOperation> OperationsToRecover(JournalRecovery initial)
    {
        var operations = new List<JournalOperation>();
        if (initial.Snapshot is { } snapshot)
        {
            operations.Add(new JournalOperation.SaveSnapshot(snapshot));
        }

        if (initial.Entries.Count > 0)
        {
            operations.Add(new JournalOperation.Append([.. initial.Entries]));
        }

        operations.Add(new JournalOperation.SaveHardState(initial.HardState));
        return operations;
    }
}
