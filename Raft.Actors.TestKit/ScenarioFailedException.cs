namespace Raft.Actors.TestKit;

/// <summary>A scenario failed for one seed; the message says how to replay exactly that run.</summary>
public sealed class ScenarioFailedException(string scenario, int seed, Exception inner)
    : Exception($"Scenario {scenario} failed with seed {seed}. Replay it alone: RAFT_SEED={seed} dotnet test --filter {scenario}. {inner.GetType().Name}: {inner.Message}", inner)
{
    public int Seed { get; } = seed;
}
