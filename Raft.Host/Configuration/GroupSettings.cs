using Raft.Actors.StateMachine.Sessions;

namespace Raft.Host.Configuration;

/// <summary>The group itself, bound from section <c>Raft</c> (next to the <see cref="Raft.Actors.Core.RaftOptions"/> bound from the same section).</summary>
public sealed class GroupSettings
{
    public string ClusterId { get; set; } = "raft";

    /// <summary>Null when not configured, so that configured ids replace the default rather than add to it.</summary>
    public string[]? MemberIds { get; set; }

    /// <summary>How long a proposal waits for a leader and for its result.</summary>
    public TimeSpan ProposalTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the state machine keeps client sessions (<c>Raft:Sessions:*</c>); the same on every member.</summary>
    public SessionOptions Sessions { get; set; } = new();

    public IReadOnlyList<string> Members => MemberIds ?? ["n1", "n2", "n3"];
}
