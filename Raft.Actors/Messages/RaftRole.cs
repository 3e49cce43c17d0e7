namespace Raft.Actors.Messages;

public enum RaftRole
{
    Follower,
    Candidate,
    Leader,
}
