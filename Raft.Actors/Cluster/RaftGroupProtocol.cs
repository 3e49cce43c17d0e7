using Akka.Actor;

namespace Raft.Actors.Cluster;

/// <summary>
/// What a <see cref="RaftGroupActor"/> handles besides supervising its members. Refusals are answered with
/// <see cref="Status.Failure"/>, so an <c>Ask</c> throws the exception, whose message names the member.
/// </summary>
public static class RaftGroupProtocol
{
    /// <summary>Stops a member as if it crashed; answered with <see cref="MemberStopped"/> once its actor has terminated.</summary>
    public sealed record StopMember(string MemberId);

    public sealed record MemberStopped(string MemberId);

    /// <summary>Starts a stopped member from its journal with a fresh state machine; answered with <see cref="MemberUp"/>.</summary>
    public sealed record StartMember(string MemberId);

    /// <summary>
    /// Sends the watcher a <see cref="MemberUp"/> for each running member now and for each one started later. The
    /// watcher notices members that stop by watching them (DeathWatch); the group forgets a watcher that stops.
    /// </summary>
    public sealed record WatchMembers(IActorRef Watcher);

    /// <summary>A member's peer actor is running as <see cref="Peer"/>.</summary>
    public sealed record MemberUp(string MemberId, IActorRef Peer);

    /// <summary>Forwarded to the member as <see cref="Protocol.ClientProtocol.GetStatus"/>, which answers the sender; a stopped member is refused.</summary>
    public sealed record GetMemberStatus(string MemberId);

    /// <summary>
    /// <see cref="Message"/> goes to the member, whether it runs in this system or on another node, and the member
    /// answers the sender. A member that is not running never answers: the asker's timeout covers it.
    /// </summary>
    public sealed record ForwardToMember(string MemberId, object Message);
}
