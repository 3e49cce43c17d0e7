using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Raft.Actors.Embedding;
using Raft.Actors.Messages;
using Raft.Actors.Persistence;
using Raft.Host.Configuration;

namespace Raft.Host.Modes;

/// <summary>
/// The default mode: starts the configured group in this process, logs each new leader as it is elected, runs the
/// demo workload, and keeps following leadership until the host stops (Ctrl+C).
/// </summary>
internal sealed class GroupMode(HostSettings settings, IHostApplicationLifetime lifetime, ILogger<GroupMode> logger, ILogger<DemoWorkload> demoLogger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        EmbeddedRaftGroup group;
        try
        {
            group = EmbeddedRaftGroup.Start(settings.ToGroupOptions());
        }
        catch (Exception ex) when (ex is JournalCorruptedException or JournalOwnershipException or IOException)
        {
            // A journal that cannot be opened is an operator's problem, not a bug: one line that names it, no stack.
            Log.GroupCouldNotStart(logger, settings.Group.ClusterId, ex.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        group.ActorFailed += (path, error) => Log.ActorFailed(logger, path, error);
        Log.GroupStarted(logger, group.ClusterId, string.Join(", ", group.MemberIds), $"{settings.Group.SelectedJournal}");
        var following = FollowLeadership(group, stoppingToken);
        try
        {
            await new DemoWorkload(group, demoLogger).RunAsync(stoppingToken);
            Log.DemoDone(logger);
            await following;
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
            await group.DisposeAsync();
            await following.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Log.GroupStopped(logger, group.ClusterId);
        }
    }

    /// <summary>Logs every member that becomes leader, once per term.</summary>
    private async Task FollowLeadership(EmbeddedRaftGroup group, CancellationToken stoppingToken)
    {
        long lastTerm = -1;
        await foreach (var change in group.WatchRoleChanges(stoppingToken))
        {
            if (change.Role == RaftRole.Leader && change.Term > lastTerm)
            {
                lastTerm = change.Term;
                Log.LeaderElected(logger, change.MemberId, change.Term);
            }
        }
    }
}
