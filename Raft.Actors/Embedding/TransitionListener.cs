using Raft.Actors.Actors;
using Raft.Actors.Messages;

namespace Raft.Actors.Embedding;

/// <summary>Subscribed to one incarnation of a peer: passes its <see cref="ClientProtocol.RoleChanged"/> notifications to the board, on the peer's thread.</summary>
internal sealed class TransitionListener(RoleBoard board, string memberId, int incarnation) : IActorRef
{
    public string Path => $"/temp/transitions/{memberId}.{incarnation}";

    public void Tell(object message, IActorRef? sender = null)
    {
        if (message is ClientProtocol.RoleChanged change)
        {
            board.Update(incarnation, change);
        }
    }
}
