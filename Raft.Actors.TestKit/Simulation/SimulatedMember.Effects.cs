using Raft.Actors.Core;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>Carrying out the node's effects with simulation events, effect for effect as <see cref="RaftPeer"/> does with Akka.</summary>
public sealed partial class SimulatedMember
{
    // Timers are events; starting or cancelling one moves its generation on, which makes the events already queued stale.
    private long _electionTimer;
    private long _heartbeatTimer;

    // A follower restarts its election timer at every heartbeat. Rather than queue an event each time, the deadline
    // moves and the event already queued (due no later) re-queues itself for the deadline when it comes.
    private TimeSpan? _electionDeadline;
    private TimeSpan _electionEventAt = TimeSpan.MinValue; // when the queued event runs; MinValue: none is queued

    // A snapshot became durable while memory could not yet tell what the journal holds: compact at the next chance.
    private bool _compactionDue;

    private void Carry()
    {
        var effects = _node.TakeEffects();
        for (var i = 0; i < effects.Count; i++)
        {
            switch (effects[i])
            {
                case RaftEffect.Send send:
                    _network.Send(MemberId, send.To, send.Message);
                    break;
                case RaftEffect.Persist write:
                    _simulator.Schedule(_syncDelay, () => WriteCompleted(write));
                    break;
                case RaftEffect.Apply apply:
                    var waiters = _waiters.Take(apply.Entries[0].Index, apply.Entries[^1].Index);
                    ToApplier(new ApplyCommitted(apply.Entries, waiters));
                    break;
                case RaftEffect.RestoreSnapshot restore:
                    ToApplier(new RestoreSnapshot(restore.Snapshot));
                    break;
                case RaftEffect.SnapshotDurable:
                    _compactionDue = true;
                    break;
                case RaftEffect.StartElectionTimer start:
                    StartElectionTimer(start.Timeout);
                    break;
                case RaftEffect.StartHeartbeatTimer start:
                    StartHeartbeatTimer(start.Interval, ++_heartbeatTimer);
                    break;
                case RaftEffect.CancelTimer cancel when cancel.Timer == RaftTimer.ElectionTimeout:
                    _electionDeadline = null;
                    break;
                case RaftEffect.CancelTimer:
                    _heartbeatTimer++;
                    break;
                case RaftEffect.RoleChanged changed:
                    if (_simulator.IsTracing)
                    {
                        _simulator.Record($"{MemberId} is {changed.Role} of term {changed.Term}, leader {changed.LeaderId ?? "unknown"}");
                    }

                    break;
                case RaftEffect.ReadsReady ready:
                    OnReadsReady(ready);
                    break;
                case RaftEffect.ReadsFailed failed:
                    OnReadsFailed(failed);
                    break;
                case RaftEffect.LeadershipLost lost:
                    foreach (var (index, client) in _waiters.TakeAll())
                    {
                        client.Receive(new ClientProtocol.ProposalFailed(index, lost.Term, ClientProtocol.ProposalFailureReason.LostLeadership, lost.Detail));
                    }

                    break;
            }
        }

        if (_compactionDue && _node.DurableState() is { } durable)
        {
            // The actor saves this as its storage snapshot and deletes the events before it.
            _compactionDue = false;
            _journal.Compact(durable);
        }

        if (!_flushScheduled && _node.HasPendingWork)
        {
            // Lands behind the input already due at this virtual time, which is batched into this one flush.
            _flushScheduled = true;
            Schedule(Flush.Instance);
        }
    }

    /// <summary>The write's sync completes; unless the member crashed meanwhile, it is durable and the node hears of it.</summary>
    private void WriteCompleted(RaftEffect.Persist write)
    {
        if (_stopped)
        {
            return;
        }

        try
        {
            _journal.Write(write.Operations);
        }
        catch (Exception ex)
        {
            throw Failed(ex);
        }

        // As Akka.Persistence confirms a write with a message: a crash in between loses the confirmation, not the write.
        Schedule(new Persisted(write.Sequence));
    }

    private void StartElectionTimer(TimeSpan timeout)
    {
        var deadline = _simulator.Now + timeout;
        _electionDeadline = deadline;
        if (_electionEventAt == TimeSpan.MinValue || _electionEventAt > deadline)
        {
            ScheduleElectionEvent(deadline);
        }
    }

    private void ScheduleElectionEvent(TimeSpan at)
    {
        var generation = ++_electionTimer;
        _electionEventAt = at;
        _simulator.Schedule(at - _simulator.Now, () =>
        {
            if (generation != _electionTimer || _stopped)
            {
                return;
            }

            _electionEventAt = TimeSpan.MinValue;
            if (_electionDeadline is not { } deadline)
            {
                return;
            }

            if (deadline > _simulator.Now)
            {
                ScheduleElectionEvent(deadline);
                return;
            }

            _electionDeadline = null;
            Receive(RaftTimer.ElectionTimeout);
        });
    }

    private void StartHeartbeatTimer(TimeSpan interval, long generation) =>
        _simulator.Schedule(interval, () =>
        {
            if (generation != _heartbeatTimer || _stopped)
            {
                return;
            }

            // Periodic: the next tick is queued before this one is handled, so a cancel while handling it stops both.
            StartHeartbeatTimer(interval, generation);
            Receive(RaftTimer.HeartbeatTick);
        });
}
