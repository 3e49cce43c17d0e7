using Microsoft.Extensions.Logging;

namespace Raft.Host;

/// <summary>Every log message of the host, source-generated (no formatting or boxing when the level is off).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Group {ClusterId} started: members {Members}, journal {JournalPlugin}. Press Ctrl+C to stop.")]
    public static partial void GroupStarted(ILogger logger, string clusterId, string members, string journalPlugin);

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
}
