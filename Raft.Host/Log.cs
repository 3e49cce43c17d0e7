using Microsoft.Extensions.Logging;

namespace Raft.Host;

/// <summary>Every log message of the host, source-generated (no formatting or boxing when the level is off).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Group {ClusterId} started: members {Members}; storage {Storage}. Press Ctrl+C to stop.")]
    public static partial void GroupStarted(ILogger logger, string clusterId, string members, string storage);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{MemberId} leads term {Term}")]
    public static partial void LeaderElected(ILogger logger, string memberId, long term);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "[index {Index}, term {Term}] {Command} -> {Result}")]
    public static partial void CommandApplied(ILogger logger, long index, long term, string command, string result);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Command} failed: {Reason}")]
    public static partial void CommandFailed(ILogger logger, string command, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Demo commands done; setting 'ticks' every {IntervalMs} ms until Ctrl+C.")]
    public static partial void DemoDone(ILogger logger, double intervalMs);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "{Members}")]
    public static partial void Progress(ILogger logger, string members);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Group {ClusterId} stopped.")]
    public static partial void GroupStopped(ILogger logger, string clusterId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Group {ClusterId} failed; stopping")]
    public static partial void GroupFailed(ILogger logger, string clusterId, Exception exception);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "{MemberId} recovered term {Term}, last log index {LastLogIndex} (snapshot at {SnapshotIndex}) from {Location}")]
    public static partial void MemberRecovered(ILogger logger, string memberId, long term, long lastLogIndex, long snapshotIndex, string location);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Member {MemberId} of group {ClusterId} failed {When}, stopping the host: {Reason}")]
    public static partial void MemberFailed(ILogger logger, string memberId, string clusterId, string when, string reason);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "HTTP API listening on {Urls}")]
    public static partial void HttpListening(ILogger logger, string urls);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Node {MemberId} of group {ClusterId} listening at {Address}; peers {Peers}. Press Ctrl+C to stop.")]
    public static partial void NodeStarted(ILogger logger, string memberId, string clusterId, string address, string peers);

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "Node {MemberId} of group {ClusterId} was removed from the Akka.Cluster ({Why}); its Raft state is safe in its journal; restart the process to rejoin. Exiting with code 255.")]
    public static partial void NodeRemovedFromCluster(ILogger logger, string memberId, string clusterId, string why);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "{MemberId} {Role} term {Term} leader {LeaderId} commit {CommitIndex} applied {LastApplied}")]
    public static partial void NodeStatus(ILogger logger, string memberId, string role, long term, string leaderId, long commitIndex, long lastApplied);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Simulating {Seeds} seeds: {Peers} members, elect a leader, run {Duration} s (virtual), check safety.")]
    public static partial void SimulationStarted(ILogger logger, int seeds, int peers, double duration);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "{Seeds} seeds in {Elapsed:F2} s: {SeedsPerSecond:F0} seeds/s, {SimulatedPerSecond:F0} simulated s per wall-clock s, {Events} events.")]
    public static partial void SimulationFinished(ILogger logger, int seeds, double elapsed, double seedsPerSecond, double simulatedPerSecond, long events);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Seed {Seed} failed (replay it alone with: simulate --Simulation:FirstSeed={Seed} --seeds 1): {Reason}")]
    public static partial void SeedFailed(ILogger logger, int seed, string reason, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Simulation cancelled after {Seeds} seeds.")]
    public static partial void SimulationCancelled(ILogger logger, int seeds);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Progress: {Done} of {Seeds} seeds, {Elapsed:F1} s.")]
    public static partial void SimulationProgress(ILogger logger, int done, int seeds, double elapsed);
}
