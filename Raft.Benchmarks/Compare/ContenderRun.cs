using Raft.Benchmarks.Contenders;

namespace Raft.Benchmarks.Compare;

/// <summary>Everything measured for one contender, or why it was not measured at all (<see cref="Unavailable"/>).</summary>
internal sealed class ContenderRun(string name, string setup, string? unavailable = null)
{
    public string Name { get; } = name;

    public string Setup { get; } = setup;

    public string? Unavailable { get; } = unavailable;

    /// <summary>From starting the group (empty storage, a cold process) until a member leads; null if none did.</summary>
    public TimeSpan? FirstLeader { get; set; }

    public Dictionary<int, Measured<ProposalFigures>> Proposals { get; } = [];

    public Measured<FailoverFigures>? Failover { get; set; }

    public Measured<RecoveryTimes>? Recovery { get; set; }
}
