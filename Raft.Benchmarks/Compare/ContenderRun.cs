using Raft.Benchmarks.Contenders;

namespace Raft.Benchmarks.Compare;

/// <summary>Everything measured for one contender.</summary>
internal sealed class ContenderRun(string name, string setup)
{
    public string Name { get; } = name;

    public string Setup { get; } = setup;

    /// <summary>From starting the group (empty storage; a cold process for the first contender run only) until a member leads; null if none did.</summary>
    public TimeSpan? FirstLeader { get; set; }

    public Dictionary<int, Measured<ProposalFigures>> Proposals { get; } = [];

    public Measured<FailoverFigures>? Failover { get; set; }

    public Measured<RecoveryTimes>? Recovery { get; set; }
}
