namespace Raft.Host.Configuration;

/// <summary>The <c>simulate</c> mode, bound from section <c>Simulation</c> (<c>--seeds</c> is short for <c>--Simulation:Seeds</c>).</summary>
public sealed class SimulationSettings
{
    /// <summary>How many seeds to run, from <see cref="FirstSeed"/> on.</summary>
    public int Seeds { get; set; } = 100;

    public int FirstSeed { get; set; } = 1;

    public int Peers { get; set; } = 3;

    /// <summary>Simulated time each seed runs after its first leader is elected.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Seeds < 1)
        {
            problems.Add($"Simulation:{nameof(Seeds)} must be at least 1 (is {Seeds}).");
        }

        if (FirstSeed < 0 || FirstSeed > int.MaxValue - Seeds)
        {
            problems.Add($"Simulation:{nameof(FirstSeed)} must be between 0 and {int.MaxValue} - Simulation:{nameof(Seeds)} (is {FirstSeed}).");
        }

        if (Peers < 1)
        {
            problems.Add($"Simulation:{nameof(Peers)} must be at least 1 (is {Peers}).");
        }

        if (Duration < TimeSpan.Zero)
        {
            problems.Add($"Simulation:{nameof(Duration)} must not be negative (is {Duration}).");
        }

        return problems;
    }
}
