namespace Raft.Actors.Protocol;

public enum RaftRole
{
    Follower,
    Candidate,
    Leader,
}
