namespace Raft.Actors.TestKit.Simulation;

/// <summary>How the simulated network treats messages between members that can reach each other.</summary>
/// <param name="DropRate">Chance that a message is lost (0 to 1).</param>
/// <param name="MinDelay">Shortest delivery delay.</param>
/// <param name="MaxDelay">Longest delivery delay; a spread between the two reorders messages.</param>
public sealed record NetworkConditions(double DropRate, TimeSpan MinDelay, TimeSpan MaxDelay)
{
    /// <summary>No loss, a fixed 1 ms latency: messages between two members arrive in the order sent.</summary>
    public static readonly NetworkConditions Reliable = new(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));

    /// <summary>10% loss and delays from 0 to 27 ms, which reorders messages freely.</summary>
    public static readonly NetworkConditions Unreliable = new(0.1, TimeSpan.Zero, TimeSpan.FromMilliseconds(27));
}
