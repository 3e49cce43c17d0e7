namespace Raft.Actors.Remote;

/// <summary>
/// A hint from Akka.Cluster's failure detector, passed by <see cref="RemoteMemberDirectory"/> to the client's
/// dispatcher: the node that runs <see cref="MemberId"/> became unreachable, or reachable again (or left the cluster,
/// which ends the claim). It only steers where the client sends new proposals; Raft's timers and terms decide leadership.
/// </summary>
internal sealed record MemberReachability(string MemberId, bool Reachable);
