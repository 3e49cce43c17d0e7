using Raft.Actors.Actors;
using Raft.Actors.Persistence;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Peer;

/// <summary>What a peer is started with.</summary>
/// <param name="MemberId">This peer's stable id; a restarted peer keeps it.</param>
/// <param name="Peers">The other members, by id, each with a reference the transport routes to that member's current incarnation.</param>
/// <param name="Journal">Its journal, already opened for this member.</param>
/// <param name="StateMachine">A fresh state machine; committed entries are replayed into it.</param>
/// <param name="Options">Validated options.</param>
/// <param name="Observer">Optional synchronous hooks (safety checkers, metrics).</param>
public sealed record PeerSetup(
    string MemberId,
    IReadOnlyDictionary<string, IActorRef> Peers,
    IRaftJournal Journal,
    IStateMachine StateMachine,
    RaftOptions Options,
    IRaftObserver? Observer = null);
