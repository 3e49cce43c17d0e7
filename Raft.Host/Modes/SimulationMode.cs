using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Raft.Actors.Testing;
using Raft.Host.Configuration;

namespace Raft.Host.Modes;

/// <summary>
/// <c>simulate</c>: the election scenario on the deterministic simulation (start the peers, expect one leader, run
/// on, check safety) over many seeds, then how fast it went. Stops the host when done; a failing seed makes the
/// exit code 1.
/// </summary>
internal sealed class SimulationMode(HostSettings settings, IHostApplicationLifetime lifetime, ILogger<SimulationMode> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The simulation is one busy thread; keep it off the host's start-up path.
        await Task.Run(() => Run(stoppingToken), CancellationToken.None);
        lifetime.StopApplication();
    }

    private void Run(CancellationToken stoppingToken)
    {
        var simulation = settings.Simulation;
        var clusterSettings = new ClusterSettings { Options = settings.Raft };
        Log.SimulationStarted(logger, simulation.Seeds, simulation.Peers, simulation.Duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        var simulated = TimeSpan.Zero;
        long events = 0;
        var done = 0;
        for (var seed = simulation.FirstSeed; done < simulation.Seeds; seed++, done++)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                Log.SimulationCancelled(logger, done);
                return;
            }

            try
            {
                using var cluster = new SimulatedCluster(seed, simulation.Peers, clusterSettings);
                cluster.ExpectOneLeader();
                cluster.RunFor(simulation.Duration);
                cluster.CheckSafety();
                simulated += cluster.Now;
                events += cluster.Simulation.EventsProcessed;
            }
            catch (Exception ex) when (ex is ScenarioAssertionException or SafetyViolationException or Raft.Actors.Actors.SimulationFailedException)
            {
                Log.SeedFailed(logger, seed, ex.Message, ex);
                Environment.ExitCode = 1;
                return;
            }
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        Log.SimulationFinished(logger, done, elapsed, done / elapsed, simulated.TotalSeconds / elapsed, events);
    }
}
