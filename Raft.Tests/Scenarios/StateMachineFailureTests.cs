using System.Text;
using Raft.Actors.StateMachine;
using Raft.Actors.TestKit.Scenarios;
using Raft.Actors.TestKit.Simulation;

namespace Raft.Tests.Scenarios;

/// <summary>A state machine that throws stops its member: it cannot apply past that entry, and the run says where.</summary>
public sealed class StateMachineFailureTests
{
    [Fact]
    public void A_state_machine_that_throws_stops_its_peer_with_an_error_naming_the_index() => Seeds.Run(20, seed =>
    {
        var settings = new ClusterSettings { StateMachineFactory = _ => new ThrowingStateMachine("poison") };
        var cluster = new SimulatedCluster(seed, size: 3, settings);
        cluster.ExpectOneLeader();
        var index = cluster.Commit(Encoding.UTF8.GetBytes("fine"), 3);

        var failure = Assert.Throws<SimulationFailedException>(() => cluster.Commit(Encoding.UTF8.GetBytes("poison"), 3));
        Assert.Equal(seed, failure.Seed);
        Assert.Contains("cannot continue", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"the state machine threw while applying index {index + 1}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("poison pill", failure.Message, StringComparison.Ordinal);
    });

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
