using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

public sealed partial class RaftNode
{
    /// <summary>Sends new entries to every follower that has room for them; followers are served independently.</summary>
    private void ReplicateToAll()
    {
        _replicationDue = false;
        foreach (var progress in _progress.Values)
        {
            SendEntries(progress);
        }
    }

    /// <summary>
    /// In Probe, one AppendEntries at a time from nextIndex; in Replicate, as many batches as the in-flight
    /// window allows (pipelining); in Snapshot, nothing but the snapshot.
    /// </summary>
    private void SendEntries(FollowerProgress progress)
    {
        if (progress.State != ReplicationState.Snapshot && progress.NextIndex <= _log.SnapshotIndex)
        {
            // The entries it needs are compacted away: only the snapshot can bring it up to date (§7).
            progress.BecomeSnapshot(_snapshot!.LastIncludedIndex);
            SendSnapshotChunk(progress);
            return;
        }

        switch (progress.State)
        {
            case ReplicationState.Probe:
                if (!progress.ProbeOutstanding)
                {
                    SendAppend(progress, allowEmpty: true);
                    progress.ProbeOutstanding = true;
                }

                break;
            case ReplicationState.Replicate:
                while (progress.InflightCount < _options.MaxInflightAppends && progress.NextIndex <= _log.LastIndex)
                {
                    SendAppend(progress, allowEmpty: false);
                }

                break;
            case ReplicationState.Snapshot:
                // A chunk is in flight: the next goes out when it is answered, or again when the transfer stalls.
                break;
        }
    }

    private void SendAppend(FollowerProgress progress, bool allowEmpty)
    {
        var prevLogIndex = progress.NextIndex - 1;
        var entries = _log.Slice(progress.NextIndex, _options.MaxEntriesPerAppend, _options.MaxAppendBytes);
        if (entries.Length == 0 && !allowEmpty)
        {
            return;
        }

        var request = new RaftProtocol.AppendEntries(_currentTerm, MemberId, prevLogIndex, _log.TermAt(prevLogIndex)!.Value, entries, _commitIndex);
        var lastIndex = prevLogIndex + entries.Length;
        if (progress.State == ReplicationState.Replicate)
        {
            progress.NextIndex = lastIndex + 1;
        }

        progress.RecordSent(lastIndex);
        SendTo(progress.MemberId, request);
    }

    /// <summary>
    /// A heartbeat carries no entries and points at the follower's MatchIndex, which it is known to hold, so it
    /// never fails the consistency check by racing pipelined entries; it tells the follower our commit index.
    /// </summary>
    private void SendHeartbeat(FollowerProgress progress)
    {
        var prevLogIndex = Math.Max(progress.MatchIndex, _log.SnapshotIndex);
        var request = new RaftProtocol.AppendEntries(_currentTerm, MemberId, prevLogIndex, _log.TermAt(prevLogIndex)!.Value, [], _commitIndex);
        progress.SentSinceTick = true;
        SendTo(progress.MemberId, request);
    }

    /// <summary>
    /// Each interval, a follower that was sent nothing gets one heartbeat, and nothing more. A follower whose
    /// AppendEntries went unanswered for two intervals is assumed to have lost them: an unanswered probe is sent
    /// again as it was, lost pipelined entries are resent from MatchIndex, a snapshot chunk is sent again.
    /// </summary>
    private void OnHeartbeatTick()
    {
        foreach (var progress in _progress.Values)
        {
            var awaiting = progress.State switch
            {
                ReplicationState.Probe => progress.ProbeOutstanding,
                ReplicationState.Replicate => progress.InflightCount > 0,
                _ => true,
            };
            if (awaiting && ++progress.StalledTicks >= 2)
            {
                progress.StalledTicks = 0;
                switch (progress.State)
                {
                    case ReplicationState.Snapshot:
                        SendSnapshotChunk(progress);
                        break;
                    case ReplicationState.Probe:
                        // The probe or its answer was lost: ask the same question again.
                        progress.ProbeOutstanding = false;
                        SendEntries(progress);
                        break;
                    default:
                        // Pipelined entries were lost: everything after MatchIndex must be sent again.
                        progress.BecomeProbe(progress.MatchIndex + 1);
                        SendEntries(progress);
                        break;
                }
            }
            else if (!progress.SentSinceTick)
            {
                SendHeartbeat(progress);
            }

            progress.SentSinceTick = false;
        }
    }

    private void OnAppendEntriesResult(FollowerProgress progress, RaftProtocol.AppendEntriesResult result)
    {
        if (result.Success)
        {
            var answersProbe = progress.State == ReplicationState.Probe && result.PrevLogIndex == progress.NextIndex - 1;
            if (progress.Acknowledge(result.MatchIndex))
            {
                AdvanceLeaderCommit();
            }

            if (answersProbe)
            {
                // The probe found where our logs agree: switch to streaming.
                progress.BecomeReplicate();
            }

            if (progress.State != ReplicationState.Snapshot)
            {
                SendEntries(progress);
            }

            return;
        }

        // A rejection is current only if it answers what we would send now; a late answer to an earlier
        // request (reordered, duplicated, or from before a backtrack) is dropped.
        var current = progress.State switch
        {
            ReplicationState.Probe => result.PrevLogIndex == progress.NextIndex - 1,
            ReplicationState.Replicate => result.PrevLogIndex > progress.MatchIndex,
            _ => false,
        };
        if (!current)
        {
            return;
        }

        // Fast backtracking: skip a whole term per round trip, never below what is known to match,
        // and always strictly below the index that was just rejected, so every round makes progress.
        var next = _log.NextIndexAfterConflict(new ConflictHint(result.ConflictTerm, result.ConflictIndex));
        next = Math.Min(next, result.PrevLogIndex);
        next = Math.Min(next, result.LastLogIndex + 1);
        progress.BecomeProbe(Math.Max(next, 1));
        SendEntries(progress);
    }
}
