using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Tests.Core;

/// <summary>
/// One line per effect, so a test states the exact effects it expects and a failure shows both lists whole.
/// Entries read <c>index@term</c>; the election timeout is random and left out (its draws have their own test).
/// </summary>
internal static class EffectText
{
    public static string[] Lines(this IEnumerable<RaftEffect> effects) => effects.Select(Line).ToArray();

    public static string Line(RaftEffect effect) => effect switch
    {
        RaftEffect.Send send => $"Send {send.To} {Message(send.Message)}",
        RaftEffect.Persist persist => $"Persist #{persist.Sequence}: {string.Join("; ", persist.Operations.Select(Operation))}",
        RaftEffect.Apply apply => $"Apply {Entries(apply.Entries)}",
        RaftEffect.RestoreSnapshot restore => $"RestoreSnapshot {Snapshot(restore.Snapshot)}",
        RaftEffect.SnapshotDurable durable => $"SnapshotDurable {durable.LastIncludedIndex}",
        RaftEffect.StartElectionTimer => "StartElectionTimer",
        RaftEffect.StartHeartbeatTimer start => $"StartHeartbeatTimer {start.Interval.TotalMilliseconds}ms",
        RaftEffect.CancelTimer cancel => $"CancelTimer {cancel.Timer.Name}",
        RaftEffect.RoleChanged changed => $"RoleChanged {changed.Role} term {changed.Term} leader {changed.LeaderId ?? "none"}",
        RaftEffect.LeadershipLost lost => $"LeadershipLost term {lost.Term}",
        RaftEffect.ReadsReady ready => $"ReadsReady [{string.Join(",", ready.ReadIds)}] at {ready.ReadIndex}",
        RaftEffect.ReadsFailed failed => $"ReadsFailed [{string.Join(",", failed.ReadIds)}] {failed.Reason} leader {failed.LeaderId ?? "none"}",
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, "An effect these tests do not know how to print."),
    };

    public static string Message(object message) => message switch
    {
        RaftProtocol.RequestVote m => $"RequestVote(term {m.Term}, last {m.LastLogIndex}@{m.LastLogTerm})",
        RaftProtocol.RequestVoteResult m => $"RequestVoteResult(term {m.Term}, {(m.VoteGranted ? "granted" : "refused")})",
        RaftProtocol.AppendEntries m => $"AppendEntries(term {m.Term}, prev {m.PrevLogIndex}@{m.PrevLogTerm}, {Entries(m.Entries)}, commit {m.LeaderCommit})",
        RaftProtocol.AppendEntriesResult { Success: true } m =>
            $"AppendEntriesResult(term {m.Term}, ok, prev {m.PrevLogIndex}, match {m.MatchIndex}, last {m.LastLogIndex})",
        RaftProtocol.AppendEntriesResult m =>
            $"AppendEntriesResult(term {m.Term}, rejected, prev {m.PrevLogIndex}, conflict term {m.ConflictTerm} from {m.ConflictIndex}, last {m.LastLogIndex})",
        RaftProtocol.InstallSnapshot m =>
            $"InstallSnapshot(term {m.Term}, {m.LastIncludedIndex}@{m.LastIncludedTerm}, offset {m.Offset}, {m.Data.Length} bytes{(m.Done ? ", done" : "")})",
        RaftProtocol.InstallSnapshotResult m =>
            $"InstallSnapshotResult(term {m.Term}, {m.LastIncludedIndex}, next {m.NextOffset}{(m.Installed ? ", installed" : "")})",
        RaftProtocol.ReadHeartbeat m => $"ReadHeartbeat(term {m.Term}, round {m.Round})",
        RaftProtocol.ReadHeartbeatResult m => $"ReadHeartbeatResult(term {m.Term}, round {m.Round})",
        RaftProtocol.ReadIndexRequest m => $"ReadIndexRequest(term {m.Term}, #{m.RequestId})",
        RaftProtocol.ReadIndexResult m => $"ReadIndexResult(term {m.Term}, #{m.RequestId}, {(m.Granted ? $"granted at {m.ReadIndex}" : "refused")})",
        _ => throw new ArgumentOutOfRangeException(nameof(message), message, "A message these tests do not know how to print."),
    };

    public static string Operation(JournalOperation operation) => operation switch
    {
        JournalOperation.SaveHardState save => $"HardState({save.State.Term}, {save.State.VotedFor ?? "none"})",
        JournalOperation.Append append => $"Append {Entries(append.Entries)}",
        JournalOperation.TruncateFrom truncate => $"TruncateFrom {truncate.Index}",
        JournalOperation.SaveSnapshot save => $"Snapshot {Snapshot(save.Snapshot)}",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "An operation these tests do not know how to print."),
    };

    public static string Entries(IEnumerable<LogEntry> entries) =>
        "[" + string.Join(", ", entries.Select(e => e.Kind == EntryKind.NoOp ? $"{e.Index}@{e.Term} noop" : $"{e.Index}@{e.Term}")) + "]";

    public static string Snapshot(SnapshotRecord snapshot) =>
        $"{snapshot.LastIncludedIndex}@{snapshot.LastIncludedTerm} ({snapshot.Data.Length} bytes)";

    /// <summary>Everything recovery would hand a node, command and snapshot bytes included, for exact comparison.</summary>
    public static string Recovery(JournalRecovery? recovery) => recovery is null
        ? "null"
        : $"hard state ({recovery.HardState.Term}, {recovery.HardState.VotedFor ?? "none"}); "
          + $"snapshot {(recovery.Snapshot is { } s ? $"{s.LastIncludedIndex}@{s.LastIncludedTerm} {Convert.ToHexString(s.Data)}" : "none")}; "
          + $"entries {string.Join(" ", recovery.Entries.Select(e => $"{e.Index}@{e.Term}:{e.Kind}:{Convert.ToHexString(e.Command)}"))}";
}
