namespace Raft.Actors.Actors;

/// <summary>An actor threw inside a simulation; the message names the seed that replays it.</summary>
public sealed class SimulationFailedException(int seed, TimeSpan at, Exception inner)
    : Exception($"Simulation with seed {seed} failed at virtual time {at.TotalMilliseconds:F1} ms: {inner.Message}", inner)
{
    public int Seed { get; } = seed;
}
