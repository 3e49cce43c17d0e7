using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>
/// CheckQuorum and leader stickiness (Raft thesis §6.2, §4.2.3). Time enters only as timer inputs: a leader counts
/// its heartbeat ticks and notes at which tick each follower last answered; a follower splits its election timeout
/// in two, the minimum election timeout after each message from the leader (during which the leader is current)
/// and then the random rest.
/// </summary>
public sealed partial class RaftNode
{
    // A follower heard from the leader within the minimum election timeout (only tracked when PreVote or CheckQuorum is on).
    private bool _leaderContact;

    // Heartbeat ticks since this member became leader.
    private long _leaderTicks;

    /// <summary>The leader is current: we lead, or followed a leader that spoke within the minimum election timeout.</summary>
    private bool HeardFromCurrentLeader => _role == RaftRole.Leader || _leaderContact;

    /// <summary>
    /// A message from the leader restarts the election timer: for the minimum election timeout while the leader
    /// counts as current, then for the random rest (<see cref="Follower"/>), so the whole timeout is drawn as in §5.2.
    /// </summary>
    private void HeardFromLeader()
    {
        if (!_options.PreVote && !_options.CheckQuorum)
        {
            ResetElectionTimer();
            return;
        }

        _leaderContact = true;
        Emit(new RaftEffect.StartElectionTimer(_options.ElectionTimeoutMin));
    }

    /// <summary>
    /// Thesis §4.2.3: a member that heard from a current leader within the minimum election timeout neither adopts
    /// the term of a RequestVote nor grants it, unless the leader itself asked for that election (a transfer, §3.10).
    /// A member that was cut off cannot then depose a leader that still serves a majority.
    /// </summary>
    private bool DisregardsVoteRequest(object message) =>
        _options.CheckQuorum
        && message is RaftProtocol.RequestVote { LeadershipTransfer: false } request
        && request.Term > _currentTerm
        && HeardFromCurrentLeader
        && IsMember(request.CandidateId);

    private void StartQuorumWatch() => _leaderTicks = 0;

    /// <summary>Any answer of the leader's term counts as hearing from that follower.</summary>
    private void HeardFrom(FollowerProgress progress) => progress.LastHeardTick = _leaderTicks;

    /// <summary>
    /// Thesis §6.2: at each heartbeat tick, a leader that has heard from no majority (itself included) within the
    /// minimum election timeout steps down; it may be cut off, and the others may already have elected a new leader.
    /// </summary>
    private bool LostQuorum()
    {
        _leaderTicks++;
        if (!_options.CheckQuorum)
        {
            return false;
        }

        // A follower last heard at tick t answered at least (ticks - t - 1) intervals ago.
        var window = TicksIn(_options.ElectionTimeoutMin);
        var heard = 1;
        foreach (var progress in _progress.Values)
        {
            if (_leaderTicks - progress.LastHeardTick <= window)
            {
                heard++;
            }
        }

        return heard < _majority;
    }

    /// <summary>Whole heartbeat intervals that cover <paramref name="duration"/>.</summary>
    private long TicksIn(TimeSpan duration) => (long)Math.Ceiling(duration / _options.HeartbeatInterval);
}
