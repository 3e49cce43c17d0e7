using Akka.Actor;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Raft.Actors.Cluster;
using Raft.Actors.KeyValue;
using Raft.Actors.Persistence;
using Raft.Actors.Protocol;

namespace Raft.Host.Modes;

/// <summary>
/// The default mode: the group runs in the host's ActorSystem (started by Akka.Hosting). This reports where the
/// members keep their state and what each recovered from it, then logs each new leader, a line a second with every
/// member's commit and apply progress, and the demo workload, until the host stops. A member that stops (its journal
/// does not recover, a write fails, ...) stops the host with exit code 1.
/// </summary>
internal sealed class GroupMode(
    RaftGroup group,
    KeyValueClient keyValue,
    RaftStorage storage,
    ActorSystem system,
    IHostApplicationLifetime lifetime,
    ILogger<GroupMode> logger,
    ILogger<DemoWorkload> demoLogger)
    : BackgroundService
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    // Replaying a long journal takes time; a member that has not answered by then is reported as stuck.
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.GroupStarted(logger, group.ClusterId, string.Join(", ", group.MemberIds), storage.Location);
        var failure = new TaskCompletionSource<MemberFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = system.ActorOf(MemberWatch.Props(group.Actor, f => failure.TrySetResult(f)), "raft-host-member-watch");

        // Subscribed now rather than when the watch starts, so that no error a member logs from here on is missed.
        system.EventStream.Subscribe(watch, typeof(Akka.Event.Error));
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var leadership = Task.CompletedTask;
        var progress = Task.CompletedTask;
        try
        {
            // Members answer a status request only once they have replayed their journals.
            var recovery = ReportRecovery(running.Token);
            var startFailure = await Task.WhenAny((Task)recovery, failure.Task) == failure.Task ? failure.Task.Result : await recovery;
            if (startFailure is not null)
            {
                Fail(startFailure, "at start-up");
                return;
            }

            leadership = FollowLeadership(running.Token);
            progress = ReportProgress(running.Token);
            var workload = new DemoWorkload(keyValue, demoLogger).RunAsync(running.Token);
            if (await Task.WhenAny(workload, failure.Task) == failure.Task)
            {
                Fail(failure.Task.Result, "while running");
                return;
            }

            await workload;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (CoordinatedShutdown.Get(system).ShutdownReason is not null)
        {
            // The ActorSystem is shutting down (stopped by something other than this host): so is the client.
        }
        catch (Exception ex)
        {
            Log.GroupFailed(logger, group.ClusterId, ex);
            Fail();
        }
        finally
        {
            await running.CancelAsync();
            await leadership.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await progress.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            system.Stop(watch);
            Log.GroupStopped(logger, group.ClusterId);
        }
    }

    private void Fail(MemberFailure failure, string when)
    {
        Log.MemberFailed(logger, failure.MemberId, group.ClusterId, when, failure.Reason);
        Fail();
    }

    private void Fail()
    {
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }

    /// <summary>
    /// Logs each member's term and last log index as recovered from the storage. Returns the first member that was
    /// found stopped or did not answer within <see cref="RecoveryLimit"/>; null when every member answered.
    /// </summary>
    private async Task<MemberFailure?> ReportRecovery(CancellationToken cancellationToken)
    {
        var statuses = group.MemberIds.Select(async id =>
        {
            try
            {
                var status = await group.Client.StatusAsync(id, RecoveryLimit, cancellationToken);
                Log.MemberRecovered(logger, id, status.Term, status.LastLogIndex, status.SnapshotIndex, storage.LocationFor(id));
                return null;
            }
            catch (TimeoutException)
            {
                return new MemberFailure(id, $"it did not finish recovering its journal within {RecoveryLimit.TotalSeconds} s");
            }
            catch (InvalidOperationException)
            {
                // It stopped before the member watch was listening, so only the log above says why.
                return new MemberFailure(id, "it stopped before the host could watch it; its error is logged above");
            }
        }).ToArray();
        return (await Task.WhenAll(statuses)).FirstOrDefault(f => f is not null);
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
