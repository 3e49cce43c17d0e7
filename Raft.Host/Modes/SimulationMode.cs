using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Raft.Actors.TestKit.Safety;
using Raft.Actors.TestKit.Scenarios;
using Raft.Actors.TestKit.Simulation;
using Raft.Host.Configuration;

namespace Raft.Host.Modes;

/// <summary>
/// <c>simulate</c>: the election scenario on the deterministic simulation (start the members, expect one leader,
/// run on, check safety) over many seeds, then how fast it went. It drives the same Raft core the actors run, with
/// no ActorSystem. Stops the host when done; a failing seed makes the exit code 1.
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
        var lastProgress = TimeSpan.Zero;
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

            if (clock.Elapsed - lastProgress >= TimeSpan.FromSeconds(1))
            {
                lastProgress = clock.Elapsed;
                Log.SimulationProgress(logger, done, simulation.Seeds, lastProgress.TotalSeconds);
            }

            try
            {
                var cluster = new SimulatedCluster(seed, simulation.Peers, clusterSettings);
                cluster.ExpectOneLeader();
                cluster.RunFor(simulation.Duration);
                cluster.CheckSafety();
                simulated += cluster.Now;
                events += cluster.Simulator.EventsProcessed;
            }
            catch (Exception ex) when (ex is ScenarioAssertionException or SafetyViolationException or SimulationFailedException)
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
