using Akka.Actor;
using Raft.Actors.Core;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Peer;

/// <summary>What a <see cref="RaftPeer"/> actor is started with.</summary>
public sealed record RaftPeerSettings
{
    /// <summary>The group's id: part of the persistence id, so two groups never share a journal stream.</summary>
    public required string ClusterId { get; init; }

    /// <summary>This member's stable id; a restarted member keeps it (and its journal).</summary>
    public required string MemberId { get; init; }

    /// <summary>
    /// The other members, by id, each at the actor path its peer runs at (local or remote). A restarted member is
    /// found again at the same path.
    /// </summary>
    public required IReadOnlyDictionary<string, ActorPath> Peers { get; init; }

    /// <summary>Makes this incarnation's state machine; committed entries (and the newest snapshot) are replayed into it.</summary>
    public required Func<IStateMachine> StateMachine { get; init; }

    public RaftOptions Options { get; init; } = new();

    /// <summary>The Akka.Persistence journal plugin to use; null for the system's default.</summary>
    public string? JournalPluginId { get; init; }

    /// <summary>The Akka.Persistence snapshot store plugin to use; null for the system's default.</summary>
    public string? SnapshotPluginId { get; init; }

    /// <summary>Seeds the election timeouts; null draws a seed from the operating system.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>The monotonic clock that times lease reads (<see cref="ReadMode.Lease"/>).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Synchronous hooks into the member's decisions (safety checkers, metrics), called on its actor's thread.</summary>
    public IRaftObserver? Observer { get; init; }

    /// <summary>The Akka.Persistence id of a member's journal: <c>raft/{clusterId}/{memberId}</c>.</summary>
    public string PersistenceId => PersistenceIdOf(ClusterId, MemberId);

    public static string PersistenceIdOf(string clusterId, string memberId) => $"raft/{clusterId}/{memberId}";
}
