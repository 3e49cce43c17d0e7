namespace Raft.Actors.TestKit.Simulation;

/// <summary>Something threw inside a simulated run (a member's Raft invariant, a safety check, a state machine); the message names the seed.</summary>
public sealed class SimulationFailedException(int seed, TimeSpan at, Exception inner)
    : Exception($"Simulation with seed {seed} failed at virtual time {at.TotalMilliseconds:F1} ms: {inner.Message}", inner)
{
    public int Seed { get; } = seed;

    public TimeSpan At { get; } = at;
}
