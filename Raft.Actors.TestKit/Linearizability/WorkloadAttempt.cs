using Raft.Actors.TestKit.Simulation;

namespace Raft.Actors.TestKit.Linearizability;

/// <summary>One attempt of a workload client's operation: the address members answer, so late answers to an abandoned attempt are told apart.</summary>
internal sealed class WorkloadAttempt(WorkloadClient client) : ISimulatedClient
{
    public void Receive(object message) => client.Answered(this, message);
}
