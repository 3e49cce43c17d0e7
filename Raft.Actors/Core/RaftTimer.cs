namespace Raft.Actors.Core;

/// <summary>The node's two timers; the host delivers the one that fired as an input to <see cref="RaftNode.Step"/>.</summary>
public sealed class RaftTimer
{
    /// <summary>No heartbeat from a current leader and no vote granted for a whole election timeout (§5.2).</summary>
    public static readonly RaftTimer ElectionTimeout = new("election");

    /// <summary>A leader's heartbeat interval has passed.</summary>
    public static readonly RaftTimer HeartbeatTick = new("heartbeat");

    private RaftTimer(string name) => Name = name;

    /// <summary>A stable name, usable as a timer key.</summary>
    public string Name { get; }

    public override string ToString() => Name;
}
