namespace Raft.Actors.TestKit.Scenarios;

/// <summary>How many seeds a scenario ran and how long they took.</summary>
public sealed record SeedRunReport(string Scenario, int Seeds, TimeSpan Elapsed)
{
    public double SeedsPerSecond => Seeds / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public override string ToString() => $"{Scenario}: {Seeds} seeds in {Elapsed.TotalSeconds:F2} s ({SeedsPerSecond:F0} seeds/s)";
}
