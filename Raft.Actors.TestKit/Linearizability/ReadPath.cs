namespace Raft.Actors.TestKit.Linearizability;

/// <summary>Where the clients of a <see cref="KeyValueWorkload"/> send their reads.</summary>
public enum ReadPath
{
    /// <summary>To the member believed to lead, as <c>ClientProtocol.Read</c> (ReadIndex or lease).</summary>
    Leader,

    /// <summary>To any running member, as <c>ClientProtocol.Read</c>: followers get a read index from the leader (thesis §6.4.1).</summary>
    AnyMember,

    /// <summary>
    /// A deliberate bug, to show the checker catches one: straight from a random member's state machine, without
    /// asking anyone whether it is up to date.
    /// </summary>
    LocalStateMachine,
}
