namespace Raft.Actors.TestKit.Simulation;

/// <summary>What <see cref="SimulationSpeed.Measure"/> ran and how fast.</summary>
/// <param name="Seeds">Runs of the scenario, one per seed.</param>
/// <param name="Members">Members per group.</param>
/// <param name="Simulated">Virtual time simulated, summed over the runs.</param>
/// <param name="Elapsed">Wall-clock time the runs took.</param>
/// <param name="Events">Simulation events processed, summed over the runs.</param>
/// <param name="Messages">Messages handed to the network, summed over the runs.</param>
public sealed record SimulationSpeedReport(int Seeds, int Members, TimeSpan Simulated, TimeSpan Elapsed, long Events, long Messages)
{
    private double WallSeconds => Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double SeedsPerSecond => Seeds / WallSeconds;

    /// <summary>Simulated seconds per wall-clock second.</summary>
    public double SpeedUp => Simulated.TotalSeconds / WallSeconds;

    public double EventsPerSecond => Events / WallSeconds;

    public override string ToString() =>
        $"{Seeds} seeds of {Members} members in {Elapsed.TotalSeconds:F2} s: {SeedsPerSecond:F0} seeds/s, {SpeedUp:F0} simulated s per wall s, {Events} events ({EventsPerSecond:F0}/s), {Messages} messages";
}
