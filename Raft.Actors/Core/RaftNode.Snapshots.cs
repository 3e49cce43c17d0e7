using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>Log compaction and InstallSnapshot (Raft paper §7).</summary>
public sealed partial class RaftNode
{
    // The newest durable snapshot: what a lagging follower is sent.
    private SnapshotRecord? _snapshot;

    // A snapshot arriving in chunks from the leader.
    private IncomingSnapshot? _incoming;

    // The newest snapshot journaled (durable or not): an older one must never be journaled after it.
    private long _journaledSnapshotIndex;

    /// <summary>
    /// The state machine was snapshotted as of applied entry (<paramref name="index"/>, <paramref name="term"/>).
    /// Once the snapshot is durable, the log prefix it covers is dropped from memory, and the host may compact its journal.
    /// </summary>
    public void SnapshotTaken(long index, long term, byte[] data)
    {
        if (index <= Math.Max(_log.SnapshotIndex, _journaledSnapshotIndex) || _log.TermAt(index) != term)
        {
            return;
        }

        var record = new SnapshotRecord(index, term, data);
        _journaledSnapshotIndex = index;
        _journal.Add(new JournalOperation.SaveSnapshot(record));
        _journal.WhenDurable(() =>
        {
            if (record.LastIncludedIndex > _log.SnapshotIndex && _log.Matches(record.LastIncludedIndex, record.LastIncludedTerm))
            {
                _log.CompactTo(record.LastIncludedIndex, record.LastIncludedTerm);
                _snapshot = record;
                Emit(new RaftEffect.SnapshotDurable(record.LastIncludedIndex));
            }
        });
    }

    /// <summary>
    /// InstallSnapshot receiver (§7, Figure 13). Chunks are assembled in order; a chunk at an unexpected offset is
    /// answered with the offset we expect. A snapshot we already cover (its index at or below our commit index)
    /// is acknowledged and ignored. Otherwise it is made durable, the log keeps only a matching suffix, and the
    /// state machine restores it; commitIndex and lastApplied never move backwards.
    /// </summary>
    private void OnInstallSnapshot(RaftProtocol.InstallSnapshot request)
    {
        if (!IsMember(request.LeaderId))
        {
            return;
        }

        if (request.Term < _currentTerm)
        {
            ReplyWhenDurable(request.LeaderId, new RaftProtocol.InstallSnapshotResult(_currentTerm, MemberId, request.LastIncludedIndex, 0, Installed: false));
            return;
        }

        AcceptLeader(request.LeaderId);

        if (request.LastIncludedIndex <= _commitIndex)
        {
            _incoming = null;
            ReplyWhenDurable(request.LeaderId, Installed(request));
            return;
        }

        if (request.Offset == 0)
        {
            _incoming = new IncomingSnapshot(request.LastIncludedIndex, request.LastIncludedTerm);
        }

        if (_incoming is null || _incoming.Index != request.LastIncludedIndex || _incoming.Term != request.LastIncludedTerm
            || _incoming.Length != request.Offset)
        {
            var expected = _incoming is not null && _incoming.Index == request.LastIncludedIndex ? _incoming.Length : 0;
            ReplyWhenDurable(request.LeaderId, new RaftProtocol.InstallSnapshotResult(_currentTerm, MemberId, request.LastIncludedIndex, expected, Installed: false));
            return;
        }

        _incoming.Add(request.Data);
        if (!request.Done)
        {
            ReplyWhenDurable(request.LeaderId, new RaftProtocol.InstallSnapshotResult(_currentTerm, MemberId, request.LastIncludedIndex, _incoming.Length, Installed: false));
            return;
        }

        var record = new SnapshotRecord(request.LastIncludedIndex, request.LastIncludedTerm, _incoming.ToArray());
        _incoming = null;
        InstallSnapshot(record);
        ReplyWhenDurable(request.LeaderId, Installed(request));
    }

    private void InstallSnapshot(SnapshotRecord record)
    {
        if (!_log.Matches(record.LastIncludedIndex, record.LastIncludedTerm))
        {
            // Our log disagrees with (or does not reach) the snapshot's last entry: discard it entirely.
            _journal.NoteTruncation(_log.SnapshotIndex + 1);
            _journal.Add(new JournalOperation.TruncateFrom(_log.SnapshotIndex + 1));
        }

        _journaledSnapshotIndex = Math.Max(_journaledSnapshotIndex, record.LastIncludedIndex);
        _journal.Add(new JournalOperation.SaveSnapshot(record));
        _log.CompactTo(record.LastIncludedIndex, record.LastIncludedTerm);
        _snapshot = record;
        _journal.WhenDurable(() => Emit(new RaftEffect.SnapshotDurable(record.LastIncludedIndex)));
        SetCommitIndex(record.LastIncludedIndex);
        if (record.LastIncludedIndex > _appliedSent)
        {
            _appliedSent = record.LastIncludedIndex;
            Emit(new RaftEffect.RestoreSnapshot(record));
        }
    }

    private RaftProtocol.InstallSnapshotResult Installed(RaftProtocol.InstallSnapshot request) =>
        new(_currentTerm, MemberId, request.LastIncludedIndex, request.Offset + request.Data.Length, Installed: true);

    /// <summary>Sends the chunk at the follower's offset; one chunk in flight at a time.</summary>
    private void SendSnapshotChunk(FollowerProgress progress)
    {
        var snapshot = _snapshot!;
        if (progress.SnapshotIndex != snapshot.LastIncludedIndex)
        {
            // A newer snapshot replaced the one being sent: start over with it.
            progress.BecomeSnapshot(snapshot.LastIncludedIndex);
        }

        var offset = (int)Math.Min(progress.SnapshotOffset, snapshot.Data.Length);
        var length = Math.Min(_options.SnapshotChunkBytes, snapshot.Data.Length - offset);
        var chunk = snapshot.Data.AsSpan(offset, length).ToArray();
        var done = offset + length == snapshot.Data.Length;
        progress.SentSinceTick = true;
        SendTo(progress.MemberId, new RaftProtocol.InstallSnapshot(_currentTerm, MemberId, snapshot.LastIncludedIndex, snapshot.LastIncludedTerm, offset, chunk, done));
    }

    private void OnInstallSnapshotResult(FollowerProgress progress, RaftProtocol.InstallSnapshotResult result)
    {
        if (progress.State != ReplicationState.Snapshot || result.LastIncludedIndex != progress.SnapshotIndex)
        {
            return;
        }

        if (result.Installed)
        {
            progress.Acknowledge(result.LastIncludedIndex);
            progress.BecomeReplicate();
            AdvanceLeaderCommit();
            SendEntries(progress);
            return;
        }

        progress.StalledTicks = 0;
        progress.SnapshotOffset = result.NextOffset;
        SendSnapshotChunk(progress);
    }
}
