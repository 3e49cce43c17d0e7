using Akka.Actor;
using Akka.TestKit;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;

namespace Raft.Actors.TestKit.Probes;

/// <summary>
/// One real <see cref="RaftPeer"/> whose other members are <see cref="TestProbe"/>s: the Akka way of testing one
/// actor. The test plays the other members by hand (<see cref="Send"/> delivers a message to the peer from that
/// member's probe) and asserts on exactly what the peer sends each probe, on its <see cref="Status"/>, and on what
/// its <see cref="Journal"/> holds. Works with any test framework: it needs only Akka.TestKit's <see cref="TestKitBase"/>.
/// </summary>
/// <remarks>
/// <para>
/// Give the test's actor system <see cref="Config"/>: time is then virtual (the TestKit's <see cref="TestScheduler"/>)
/// and moves only when the test calls <see cref="Advance"/>, and the journal is Akka's in-memory one, fresh for
/// each actor system.
/// </para>
/// <para>
/// <see cref="Start"/> seeds the journal, starts the peer and waits until it has recovered and armed its election
/// timer, so the test may move time at once. After <see cref="Status"/> or <see cref="Advance"/> return, everything
/// the peer sent before answering is already in the probes' queues (TestKit probes run on the sender's thread), so
/// <c>ExpectNoMsg(TimeSpan.Zero)</c> asserts that a probe heard nothing, without waiting. Journal writes, the state
/// machine and <c>ExpectMsg</c> still take real time.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class VoteTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
/// {
///     [Fact]
///     public void Follower_grants_its_vote_once_it_is_durable()
///     {
///         var peer = PeerUnderTest.Start(this);
///
///         peer.Send("n2", new RaftProtocol.RequestVote(Term: 1, CandidateId: "n2", LastLogIndex: 0, LastLogTerm: 0));
///
///         Assert.True(peer.Probe("n2").ExpectMsg&lt;RaftProtocol.RequestVoteResult&gt;().VoteGranted);
///         Assert.Equal(new HardState(1, "n2"), peer.Journal.Read().HardState);
///     }
///
///     [Fact]
///     public void Follower_that_hears_no_leader_asks_for_pre_votes_of_the_next_term()
///     {
///         var peer = PeerUnderTest.Start(this, new PeerUnderTestSettings
///         {
///             InitialJournal = new JournalRecovery(new HardState(4, null), null, []),
///         });
///
///         peer.Advance(peer.Options.ElectionTimeoutMax);
///
///         Assert.Equal(5, peer.Probe("n3").ExpectMsg&lt;RaftProtocol.PreVote&gt;().Term);
///     }
/// }
/// </code>
/// </example>
public sealed class PeerUnderTest
{
    /// <summary>
    /// HOCON for the actor system of a test that uses this helper: virtual time, Akka's in-memory journal and
    /// snapshot store, and an <c>ExpectMsg</c> default that allows for journal round trips on a loaded machine.
    /// </summary>
    public const string Config = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.test.single-expect-default = 10s
        """;

    private static int s_instances;

    private readonly TestKitBase _testKit;
    private readonly Dictionary<string, TestProbe> _probes = new(StringComparer.Ordinal);
    private readonly TestProbe _asker;
    private readonly TimeSpan _timeout;
    private readonly int _instance;
    private int _incarnation;

    private PeerUnderTest(TestKitBase testKit, PeerUnderTestSettings settings)
    {
        _testKit = testKit;
        _timeout = testKit.Dilated(settings.ReplyTimeout);
        _instance = Interlocked.Increment(ref s_instances);
        foreach (var id in settings.ProbeIds)
        {
            _probes.Add(id, testKit.CreateTestProbe($"{id}-{_instance}"));
        }

        _asker = testKit.CreateTestProbe($"{settings.MemberId}-asker-{_instance}");
        ProbeIds = [.. settings.ProbeIds];
        Settings = new RaftPeerSettings
        {
            ClusterId = settings.ClusterId,
            MemberId = settings.MemberId,
            Peers = _probes.ToDictionary(p => p.Key, p => p.Value.Ref.Path, StringComparer.Ordinal),
            StateMachine = settings.StateMachine,
            Options = settings.Options,
            JournalPluginId = settings.JournalPluginId,
            SnapshotPluginId = settings.SnapshotPluginId,
            RandomSeed = settings.RandomSeed,
            Observer = settings.Observer,
        };
        Journal = new PeerJournal(testKit, Settings.PersistenceId, settings.JournalPluginId, settings.SnapshotPluginId, settings.ReplyTimeout);
    }

    /// <summary>What the peer was started with; its <see cref="RaftPeerSettings.Peers"/> are the probes' paths.</summary>
    public RaftPeerSettings Settings { get; }

    public string MemberId => Settings.MemberId;

    public Core.RaftOptions Options => Settings.Options;

    /// <summary>The peer's current incarnation: tell it client messages (Propose, GetStatus) directly.</summary>
    public IActorRef Ref { get; private set; } = ActorRefs.Nobody;

    /// <summary>The members played by probes.</summary>
    public IReadOnlyList<string> ProbeIds { get; }

    /// <summary>The peer's journal, read and written by its persistence id.</summary>
    public PeerJournal Journal { get; }

    /// <summary>Seeds the journal with <see cref="PeerUnderTestSettings.InitialJournal"/>, starts the peer and waits until it has recovered.</summary>
    public static PeerUnderTest Start(TestKitBase testKit, PeerUnderTestSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(testKit);
        settings ??= new PeerUnderTestSettings();
        var peer = new PeerUnderTest(testKit, settings);
        if (settings.InitialJournal is not { HardState.Term: 0, HardState.VotedFor: null, Snapshot: null, Entries.Count: 0 })
        {
            peer.Journal.Seed(settings.InitialJournal);
        }

        peer.StartIncarnation();
        return peer;
    }

    /// <summary>The probe playing <paramref name="memberId"/>.</summary>
    public TestProbe Probe(string memberId) =>
        _probes.TryGetValue(memberId, out var probe)
            ? probe
            : throw new ArgumentException($"'{memberId}' is not played by a probe; the probes are {string.Join(", ", ProbeIds)}.", nameof(memberId));

    /// <summary>Delivers <paramref name="message"/> to the peer as member <paramref name="fromMember"/> sends it: from that member's probe.</summary>
    public void Send(string fromMember, object message) => Ref.Tell(message, Probe(fromMember).Ref);

    /// <summary>Asks the peer for its status and waits for the answer: a round trip through its mailbox.</summary>
    public ClientProtocol.PeerStatus Status()
    {
        Ref.Tell(ClientProtocol.GetStatus.Instance, _asker.Ref);
        return _asker.ExpectMsg<ClientProtocol.PeerStatus>(_timeout, $"the status of '{MemberId}'");
    }

    /// <summary>
    /// Asks for the peer's status until it satisfies <paramref name="condition"/>, and returns it: for what follows a
    /// journal write or the state machine, which take real time (a leader's commit, an applied snapshot).
    /// </summary>
    public ClientProtocol.PeerStatus AwaitStatus(Func<ClientProtocol.PeerStatus, bool> condition, string expected)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var status = Status();
        return _testKit.AwaitConditionNoThrow(() => condition(status = Status()), _timeout, TimeSpan.FromMilliseconds(10))
            ? status
            : throw new PeerExpectationException($"'{MemberId}' should reach {expected} within {_timeout.TotalSeconds} s; its status is still {status}");
    }

    /// <summary>
    /// Moves virtual time on by <paramref name="duration"/>, then waits until the peer has handled every timer that
    /// fell due. Each timer fires at most once per call, a periodic one too: advance one interval at a time.
    /// </summary>
    public void Advance(TimeSpan duration)
    {
        if (_testKit.Sys.Scheduler is not TestScheduler scheduler)
        {
            throw new InvalidOperationException($"Time is not virtual in this actor system (its scheduler is a {_testKit.Sys.Scheduler.GetType().Name}): start the test's actor system with {nameof(PeerUnderTest)}.{nameof(Config)}.");
        }

        scheduler.Advance(duration);
        Status();
    }

    /// <summary>
    /// Stops the peer (if it has not stopped already, e.g. after a failure), waits until it has, and starts a new
    /// incarnation over the same journal, as a member restarted after a crash: it keeps only what was durable.
    /// </summary>
    public void Restart()
    {
        _asker.Watch(Ref);
        _testKit.Sys.Stop(Ref);
        _asker.ExpectTerminated(Ref, _timeout);
        _asker.Unwatch(Ref);
        StartIncarnation();
    }

    private void StartIncarnation()
    {
        _incarnation++;
        Ref = _testKit.Sys.ActorOf(RaftPeer.Props(Settings), $"{MemberId}-{_instance}-{_incarnation}");

        // Commands wait until recovery is over, so the answer means the peer has started and armed its timers.
        Status();
    }
}
