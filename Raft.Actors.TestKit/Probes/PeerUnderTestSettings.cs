using Raft.Actors.Core;
using Raft.Actors.StateMachine;

namespace Raft.Actors.TestKit.Probes;

/// <summary>How a <see cref="PeerUnderTest"/> starts its peer; the defaults give "n1" of a group of three.</summary>
public sealed record PeerUnderTestSettings
{
    public string ClusterId { get; init; } = "probe";

    /// <summary>The member id of the peer under test.</summary>
    public string MemberId { get; init; } = "n1";

    /// <summary>The other members of the group, each played by a <see cref="Akka.TestKit.TestProbe"/>.</summary>
    public IReadOnlyList<string> ProbeIds { get; init; } = ["n2", "n3"];

    public RaftOptions Options { get; init; } = new();

    /// <summary>Makes the peer's state machine (again at each restart).</summary>
    public Func<IStateMachine> StateMachine { get; init; } = () => new ChecksumStateMachine();

    /// <summary>What the journal holds before the peer first starts (<see cref="PeerJournal.Seed"/>); nothing by default.</summary>
    public JournalRecovery InitialJournal { get; init; } = JournalRecovery.Empty;

    /// <summary>The Akka.Persistence journal plugin the peer uses; null for the system's default.</summary>
    public string? JournalPluginId { get; init; }

    /// <summary>The Akka.Persistence snapshot store plugin the peer uses; null for the system's default.</summary>
    public string? SnapshotPluginId { get; init; }

    /// <summary>Seeds the peer's election timeouts, so a test sees the same ones every run.</summary>
    public int RandomSeed { get; init; } = 1;

    public IRaftObserver? Observer { get; init; }

    /// <summary>How long the helper waits for the peer or its journal to answer; 10 seconds (dilated) by default.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
