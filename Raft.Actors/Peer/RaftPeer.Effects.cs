using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Actors.Peer;

/// <summary>Carrying out the node's effects with Akka: Tell, Persist, timers, Become, the applier.</summary>
public sealed partial class RaftPeer
{
    // A snapshot became durable while memory could not yet tell what the journal holds: compact at the next chance.
    private bool _compactionDue;

    /// <summary>Carries out what the node asked for, in order; then makes sure a flush follows if it has work pending.</summary>
    private void Carry()
    {
        // By index: a foreach over the interface would box the list's enumerator on every message.
        var effects = _node.TakeEffects();
        for (var i = 0; i < effects.Count; i++)
        {
            switch (effects[i])
            {
                case RaftEffect.Send send:
                    _members.Tell(send.To, send.Message, Self);
                    break;
                case RaftEffect.Persist write:
                    PersistAllAsync(write.Operations, static _ => { });
                    DeferAsync(write.Sequence, sequence => Guarded(sequence, static (peer, s) => peer._node.Persisted((long)s)));
                    break;
                case RaftEffect.Apply apply:
                    var waiters = _waiters.Take(apply.Entries[0].Index, apply.Entries[^1].Index);
                    _applier.Tell(new ApplierProtocol.ApplyCommitted(apply.Entries, waiters));
                    break;
                case RaftEffect.RestoreSnapshot restore:
                    _applier.Tell(new ApplierProtocol.RestoreSnapshot(restore.Snapshot));
                    break;
                case RaftEffect.SnapshotDurable:
                    _compactionDue = true;
                    break;
                case RaftEffect.StartElectionTimer start:
                    Timers.StartSingleTimer(RaftTimer.ElectionTimeout.Name, RaftTimer.ElectionTimeout, start.Timeout);
                    break;
                case RaftEffect.StartHeartbeatTimer start:
                    Timers.StartPeriodicTimer(RaftTimer.HeartbeatTick.Name, RaftTimer.HeartbeatTick, start.Interval);
                    break;
                case RaftEffect.CancelTimer cancel:
                    Timers.Cancel(cancel.Timer.Name);
                    break;
                case RaftEffect.RoleChanged changed:
                    OnRoleChanged(changed);
                    break;
                case RaftEffect.ReadsReady ready:
                    OnReadsReady(ready);
                    break;
                case RaftEffect.ReadsFailed failed:
                    OnReadsFailed(failed);
                    break;
                case RaftEffect.LeadershipLost lost:
                    foreach (var (index, waiter) in _waiters.TakeAll())
                    {
                        waiter.Tell(new ClientProtocol.ProposalFailed(index, lost.Term, ClientProtocol.ProposalFailureReason.LostLeadership, lost.Detail));
                    }

                    break;
                case RaftEffect.LeadershipTransferEnded ended:
                    OnTransferEnded(ended);
                    break;
            }
        }

        if (_compactionDue && _node.DurableState() is { } durable)
        {
            // Everything through LastSequenceNr is in this state; the events before it can go.
            _compactionDue = false;
            SaveSnapshot(durable);
        }

        if (!_flushScheduled && _node.HasPendingWork)
        {
            // A message to ourselves lands behind the input already queued, which is batched into this one flush.
            _flushScheduled = true;
            Self.Tell(PeerMessages.Flush.Instance);
        }
    }

    private void OnRoleChanged(RaftEffect.RoleChanged changed)
    {
        Become(changed.Role switch
        {
            RaftRole.Leader => Leader,
            RaftRole.Candidate => Candidate,
            _ => Follower,
        });
        _lastRoleChange = new ClientProtocol.RoleChanged(_settings.MemberId, changed.Role, changed.Term, changed.LeaderId);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(_lastRoleChange);
        }
    }

    private void OnCompactionResult(object result)
    {
        switch (result)
        {
            case SaveSnapshotSuccess saved:
                DeleteMessages(saved.Metadata.SequenceNr);
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure failed:
                // The journal still holds everything: only compaction is missed, until the next snapshot.
                _log.Warning("Raft member '{0}': saving its snapshot at event {1} failed ({2}); the journal keeps every event until the next one.", _settings.MemberId, failed.Metadata.SequenceNr, failed.Cause.Message);
                break;
            case DeleteMessagesFailure failed:
                _log.Warning("Raft member '{0}': deleting events through {1} after a snapshot failed ({2}).", _settings.MemberId, failed.ToSequenceNr, failed.Cause.Message);
                break;
            case DeleteSnapshotsFailure failed:
                _log.Warning("Raft member '{0}': deleting old snapshots failed ({1}).", _settings.MemberId, failed.Cause.Message);
                break;
        }
    }
}
