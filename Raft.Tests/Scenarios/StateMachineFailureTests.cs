using System.Text;
using Raft.Actors.Actors;
using Raft.Actors.StateMachine;
using Raft.Actors.Testing;

namespace Raft.Tests.Scenarios;

public sealed class StateMachineFailureTests
{
    [Fact]
    public void A_state_machine_that_throws_stops_its_peer_with_an_error_naming_the_index()
    {
        var settings = new ClusterSettings { StateMachineFactory = _ => new ThrowingStateMachine("poison") };
        using var cluster = new SimulatedCluster(seed: 7, size: 3, settings);
        cluster.ExpectOneLeader();
        var index = cluster.Commit(Encoding.UTF8.GetBytes("fine"), 3);

        var failure = Assert.Throws<SimulationFailedException>(() => cluster.Commit(Encoding.UTF8.GetBytes("poison"), 3));
        Assert.Contains($"state machine threw at index {index + 1}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("poison pill", failure.Message, StringComparison.Ordinal);
    }

    private sealed class ThrowingStateMachine(string poison) : IStateMachine
    {
        public byte[] Apply(long index, ReadOnlyMemory<byte> command) =>
            Encoding.UTF8.GetString(command.Span) == poison ? throw new InvalidOperationException("poison pill") : [];

        public byte[] TakeSnapshot() => [];

        public void Restore(ReadOnlyMemory<byte> snapshot)
        {
        }
    }
}
