using Akka.Actor;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Raft.Actors.Cluster;
using Raft.Actors.Protocol;

namespace Raft.Host.Modes;

/// <summary>
/// The default mode: the group runs in the host's ActorSystem (started by Akka.Hosting); this logs each new leader,
/// a line a second with every member's commit and apply progress, and the demo workload, until the host stops.
/// </summary>
internal sealed class GroupMode(RaftGroup group, ActorSystem system, IHostApplicationLifetime lifetime, ILogger<GroupMode> logger, ILogger<DemoWorkload> demoLogger)
    : BackgroundService
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.GroupStarted(logger, group.ClusterId, string.Join(", ", group.MemberIds), system.Settings.Config.GetString("akka.persistence.journal.plugin"));
        var leadership = FollowLeadership(stoppingToken);
        var progress = ReportProgress(stoppingToken);
        try
        {
            await new DemoWorkload(group.Client, demoLogger).RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.GroupFailed(logger, group.ClusterId, ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            await leadership.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await progress.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Log.GroupStopped(logger, group.ClusterId);
        }
    }

    /// <summary>Logs every member that becomes leader, once per term.</summary>
    private async Task FollowLeadership(CancellationToken stoppingToken)
    {
        long lastTerm = -1;
        await foreach (var change in group.Client.WatchRoleChanges(stoppingToken))
        {
            if (change.Role == RaftRole.Leader && change.Term > lastTerm)
            {
                lastTerm = change.Term;
                Log.LeaderElected(logger, change.MemberId, change.Term);
            }
        }
    }

    /// <summary>Each second, every member's role, commit index and last applied index, in one line.</summary>
    private async Task ReportProgress(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var members = await Task.WhenAll(group.MemberIds.Select(id => DescribeAsync(id, stoppingToken)));
            Log.Progress(logger, string.Join(" | ", members));
        }
    }

    private async Task<string> DescribeAsync(string memberId, CancellationToken stoppingToken)
    {
        try
        {
            var status = await group.Client.StatusAsync(memberId, ProgressInterval, stoppingToken);
            return $"{memberId} {status.Role.ToString().ToLowerInvariant()} t{status.Term} commit {status.CommitIndex} applied {status.LastApplied}";
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            return $"{memberId} down";
        }
    }
}
