using Akka;
using Akka.Actor;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Raft.Actors.Protocol;
using Raft.Actors.Remote;
using Raft.Actors.Persistence;

namespace Raft.Host.Modes;

/// <summary>
/// The <c>node</c> mode: this process runs one member of a group whose other members run in other processes
/// (<see cref="RaftMember"/>, started by Akka.Hosting). It reports what the member recovered, logs each term this
/// member leads, and prints a status line a second (role, term, leader, commit and applied index) until the host
/// stops. A member that stops (its journal does not recover, a write fails, ...) stops the host with exit code 1.
/// A node the Akka.Cluster removes (downed by the split-brain resolver or by hand, or told to leave) cannot come back
/// in the same actor system, since the others quarantine it: the host logs why and exits with code 255 so a
/// supervisor restarts it; the member's Raft state is in its journal.
/// </summary>
internal sealed class NodeMode(
    RaftMember member,
    ActorSystem system,
    RaftStorage storage,
    IHostApplicationLifetime lifetime,
    ILogger<NodeMode> logger)
    : BackgroundService
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);

    // Replaying a long journal takes time; a member that has not answered by then is reported as stuck.
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromMinutes(2);

    private readonly TaskCompletionSource _removed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var address = member.Settings.Members[member.MemberId];
        Log.NodeStarted(logger, member.MemberId, member.ClusterId, address.ToString(),
            string.Join(", ", member.Settings.Members.Where(m => m.Key != member.MemberId).Select(m => $"{m.Key} {m.Value}")));
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var stopped = system.WhenTerminated;
        var watch = member.Actor.WatchAsync(running.Token);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "raft-node-removed", OnShutdown);
        try
        {
            var recovery = StatusAsync(RecoveryLimit, running.Token);
            if (await Task.WhenAny(recovery, watch, _removed.Task) != recovery)
            {
                if (!_removed.Task.IsCompleted && !stoppingToken.IsCancellationRequested)
                {
                    Log.MemberFailed(logger, member.MemberId, member.ClusterId, "at start-up", "its error is logged above");
                    Environment.ExitCode = 1;
                    lifetime.StopApplication();
                }

                return;
            }

            var status = await recovery;
            Log.MemberRecovered(logger, member.MemberId, status.Term, status.LastLogIndex, status.SnapshotIndex, storage.LocationFor(member.MemberId));
            var leadership = FollowLeadership(running.Token);
            var reports = ReportStatus(running.Token);
            if (await Task.WhenAny(watch, leadership, reports, _removed.Task) == watch
                && !stoppingToken.IsCancellationRequested && !stopped.IsCompleted && !_removed.Task.IsCompleted)
            {
                Log.MemberFailed(logger, member.MemberId, member.ClusterId, "while running", "its error is logged above");
                Environment.ExitCode = 1;
                lifetime.StopApplication();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (AskTimeoutException)
        {
            Log.MemberFailed(logger, member.MemberId, member.ClusterId, "at start-up", $"it did not finish recovering its journal within {RecoveryLimit.TotalSeconds} s");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            await running.CancelAsync();
        }
    }

    /// <summary>
    /// A task of the actor system's coordinated shutdown, run before the system terminates. When the shutdown was
    /// started by Akka.Cluster (this node was downed, or left), it logs why; Akka.Hosting then stops the host with
    /// exit code 255. The host's own shutdown (Ctrl+C, SIGTERM) gives another reason and logs nothing here.
    /// </summary>
    private Task<Done> OnShutdown()
    {
        var why = CoordinatedShutdown.Get(system).ShutdownReason switch
        {
            CoordinatedShutdown.ClusterDowningReason => "downed: the split-brain resolver found it on the minority side of a partition or unreachable from the majority, or someone downed it",
            CoordinatedShutdown.ClusterLeavingReason => "it was told to leave the cluster",
            _ => null,
        };
        if (why is not null && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            Log.NodeRemovedFromCluster(logger, member.MemberId, member.ClusterId, why);
            _removed.TrySetResult();
        }

        return Task.FromResult(Done.Instance);
    }

    /// <summary>
    /// Asks through the member's parent, which forwards to the member: a request sent to the member's own path could
    /// arrive before the parent has created it, and be lost. The member answers once it has recovered its journal.
    /// </summary>
    private Task<ClientProtocol.PeerStatus> StatusAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        member.Actor.Ask<ClientProtocol.PeerStatus>(ClientProtocol.GetStatus.Instance, timeout, cancellationToken);

    /// <summary>Logs each term this member leads: a leader announces itself once per term.</summary>
    private async Task FollowLeadership(CancellationToken cancellationToken)
    {
        long lastTerm = -1;
        await foreach (var change in member.Client.WatchRoleChanges(cancellationToken))
        {
            if (change.MemberId == member.MemberId && change.Role == RaftRole.Leader && change.Term > lastTerm)
            {
                lastTerm = change.Term;
                Log.LeaderElected(logger, change.MemberId, change.Term);
            }
        }
    }

    private async Task ReportStatus(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(StatusInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                var status = await StatusAsync(StatusInterval, cancellationToken);
                Log.NodeStatus(logger, status.MemberId, status.Role.ToString().ToLowerInvariant(), status.Term, status.LeaderId ?? "none", status.CommitIndex, status.LastApplied);
            }
            catch (AskTimeoutException)
            {
                Log.NodeStatus(logger, member.MemberId, "busy", -1, "unknown", -1, -1);
            }
        }
    }
}
