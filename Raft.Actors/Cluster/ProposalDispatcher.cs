using Akka.Actor;
using Akka.Remote;
using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

/// <summary>
/// The actor behind <see cref="RaftGroupClient"/>: gathers concurrent proposals and sends them to the leader as one
/// <see cref="ClientProtocol.ProposeBatch"/> per mailbox pass, so a thousand callers cost a handful of messages. It
/// learns the members from the group (<see cref="RaftGroupProtocol.WatchMembers"/>), follows leadership from their
/// <see cref="ClientProtocol.RoleChanged"/> notifications, and watches each member in this actor system (members on
/// other nodes are reported again by their directory, <see cref="Remote.RemoteMemberDirectory"/>, at each new incarnation):
/// <list type="bullet">
/// <item>a batch refused with NotLeader goes to the leader named, or waits for the next one to be announced;</item>
/// <item>a batch refused with CommandTooLarge (the group's limit is lower than the client's) was not appended: its
/// commands over the limit fail (not committed), the others go again;</item>
/// <item>a batch sent to a member that stops before answering goes to the leader at once when the member is local (an
/// answer sent before it stopped would already be in this mailbox, ahead of the Terminated), and fails with an
/// unknown outcome when it is on another node (the answer may have been lost with the connection);</item>
/// <item>a batch a member accepted is never sent again: when that member stops, its proposals fail at once with an
/// unknown outcome (<see cref="ProposalFailedException"/>);</item>
/// <item>what a member on another node holds (accepted in an earlier term, or unanswered) fails with an unknown
/// outcome as soon as another member announces its leadership of a later term: that member may be dead, and is not
/// watched;</item>
/// <item>no batch goes to a member whose node Akka.Cluster reports unreachable (<see cref="Remote.MemberReachability"/>,
/// only in a client with the cluster provider) until it is reachable again or announces leadership itself: new
/// proposals wait for another leader's announcement, a NotLeader hint, or their timeout.</item>
/// </list>
/// Every proposal ends applied, failed, cancelled, or timed out, with the phase it timed out in.
/// </summary>
internal sealed partial class ProposalDispatcher : UntypedActor, IWithTimers
{
    /// <summary>Large enough to amortise messages, small enough that one batch never monopolises a peer.</summary>
    internal const int MaxBatch = 4096;

    /// <summary>
    /// Most bytes of commands in one batch when the client's frame does not ask for less: well below the 4 MiB frame of
    /// raft.conf, so a batch to a member on another node is never dropped by Akka.Remote as oversized.
    /// </summary>
    internal const int DefaultMaxBatchBytes = 1 << 20;

    /// <summary>
    /// Batches sent to one member and not yet answered. Proposals submitted meanwhile wait and go out together as
    /// the next batch once one is answered (Nagle's rule), so under load a batch holds what arrived in a round
    /// trip instead of each proposal costing its own message and answer; two keep the leader fed during the
    /// round trip. A lone proposal still goes out at once.
    /// </summary>
    internal const int MaxUnansweredBatches = 2;

    private const string DeadlineTimer = "deadline";

    private readonly string _clusterId;
    private readonly IActorRef _group;
    private readonly RoleBoard _roles;
    private readonly ProposalGate _gate;
    private readonly TimeProvider _time;
    private readonly int _maxBatchBytes;
    private readonly Dictionary<string, MemberLink> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, MemberLink> _byPeer = [];
    private readonly List<PendingProposal> _queued = [];
    private readonly DeadlineQueue _deadlines = new();
    private readonly HashSet<string> _unreachable = new(StringComparer.Ordinal);
    private string? _hint;
    private bool _flushScheduled;
    private long? _armedDeadline;

    public ProposalDispatcher(string clusterId, IActorRef group, RoleBoard roles, ProposalGate gate, TimeProvider time, int maxBatchBytes)
    {
        _clusterId = clusterId;
        _group = group;
        _roles = roles;
        _gate = gate;
        _time = time;
        _maxBatchBytes = maxBatchBytes;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string clusterId, IActorRef group, RoleBoard roles, ProposalGate gate, TimeProvider time, int maxBatchBytes) =>
        Akka.Actor.Props.Create(() => new ProposalDispatcher(clusterId, group, roles, gate, time, maxBatchBytes));

    /// <summary>
    /// Most bytes (commands and their <see cref="ProposalBatch.CommandOverheadBytes"/>) in one batch from <paramref name="system"/>:
    /// <see cref="DefaultMaxBatchBytes"/>, or what fits in its Akka.Remote frame when that is smaller.
    /// </summary>
    internal static int MaxBatchBytesFor(ActorSystem system) =>
        FrameRoom(system) is { } room ? (int)Math.Clamp(room, 1, DefaultMaxBatchBytes) : DefaultMaxBatchBytes;

    /// <summary>
    /// The largest command a batch of one can carry through <paramref name="system"/>'s Akka.Remote frame; no limit
    /// without remoting.
    /// </summary>
    internal static int MaxCommandBytesFor(ActorSystem system) =>
        FrameRoom(system) is { } room ? (int)Math.Clamp(room - ProposalBatch.CommandOverheadBytes, 1, int.MaxValue) : int.MaxValue;

    /// <summary>What a message from <paramref name="system"/> may hold besides its envelope; null without remoting.</summary>
    private static long? FrameRoom(ActorSystem system) =>
        ((ExtendedActorSystem)system).Provider is IRemoteActorRefProvider
            ? Remote.RemoteFrameLimits.FrameSize(system.Settings.Config) - Remote.RemoteFrameLimits.EnvelopeBytes
            : null;

    protected override void PreStart()
    {
        // The client goes when its group goes.
        Context.Watch(_group);
        _group.Tell(new RaftGroupProtocol.WatchMembers(Self));
    }

    protected override void PostStop()
    {
        foreach (var proposal in _gate.Close())
        {
            proposal.Fail(new ObjectDisposedException(nameof(RaftGroupClient), proposal.Accepted is { } at
                ? $"The client of group '{_clusterId}' stopped while the proposal accepted at index {at.Index} in term {at.Term} was in progress; its outcome is unknown."
                : $"The client of group '{_clusterId}' stopped before a leader accepted the proposal."));
        }

        _roles.Complete();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case DispatcherMessages.Submit submit:
                // A cancellation can overtake its submission: the caller registers it before submitting.
                if (submit.Proposal.IsDone)
                {
                    break;
                }

                _queued.Add(submit.Proposal);
                _deadlines.Add(submit.Proposal);
                ArmDeadline();
                ScheduleFlush();
                break;
            case DispatcherMessages.Cancel cancel:
                Retire(cancel.Proposal);
                cancel.Proposal.Cancel(cancel.Token);
                break;
            case DispatcherMessages.Flush:
                _flushScheduled = false;
                Flush();
                break;
            case DispatcherMessages.DeadlineReached:
                _armedDeadline = null;
                ExpireDue();
                ArmDeadline();
                Flush();
                break;
            case RaftGroupProtocol.MemberUp up:
                OnMemberUp(up.MemberId, up.Peer);
                break;
            case ClientProtocol.RoleChanged changed:
                // A notification from an earlier incarnation must not revive its claim.
                if (_members.TryGetValue(changed.MemberId, out var member) && member.Peer.Equals(Sender))
                {
                    if (changed.Role == RaftRole.Leader)
                    {
                        // It reached us: a leader announcing itself is not the one the failure detector lost.
                        _unreachable.Remove(changed.MemberId);
                    }

                    _roles.Update(changed);
                    if (changed.Role == RaftRole.Leader)
                    {
                        AbandonSupersededRemoteLeaders(changed.MemberId, changed.Term);
                    }

                    Flush();
                }

                break;
            case Remote.MemberReachability { Reachable: true } reachable:
                if (_unreachable.Remove(reachable.MemberId))
                {
                    Flush();
                }

                break;
            case Remote.MemberReachability unreachable:
                _unreachable.Add(unreachable.MemberId);
                break;
            case ClientProtocol.BatchAccepted accepted:
                OnBatchAccepted(accepted);
                break;
            case ClientProtocol.NotLeader notLeader:
                OnNotLeader(notLeader);
                break;
            case ClientProtocol.CommandTooLarge tooLarge:
                OnCommandTooLarge(tooLarge);
                break;
            case ClientProtocol.ProposalApplied applied:
                OnApplied(applied);
                break;
            case ClientProtocol.ProposalsApplied many:
                foreach (var applied in many.Results)
                {
                    OnApplied(applied);
                }

                break;
            case ClientProtocol.ProposalFailed failed:
                OnFailed(failed);
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_group):
                Context.Stop(Self);
                break;
            case Terminated terminated:
                if (_byPeer.TryGetValue(terminated.ActorRef, out var gone))
                {
                    OnMemberGone(gone);
                    Flush();
                }

                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void ScheduleFlush()
    {
        if (!_flushScheduled)
        {
            _flushScheduled = true;
            Self.Tell(DispatcherMessages.Flush.Instance);
        }
    }

    /// <summary>
    /// Sends what is queued to the member named by the last NotLeader, else to the one believed to lead; else it
    /// waits for an announcement, or for an answer while that member has <see cref="MaxUnansweredBatches"/>. A batch
    /// holds at most <see cref="MaxBatch"/> commands and the dispatcher's byte budget, and at least one command.
    /// </summary>
    private void Flush(string? notTo = null)
    {
        _queued.RemoveAll(p => p.IsDone);
        if (_queued.Count == 0 || ChooseTarget() is not { } target || target.Id == notTo || target.Unanswered.Count >= MaxUnansweredBatches)
        {
            return;
        }

        _hint = null;
        for (var start = 0; start < _queued.Count;)
        {
            var count = ProposalBatch.LengthFrom(_queued, start, MaxBatch, _maxBatchBytes);
            var batch = new ProposalBatch([.. _queued.GetRange(start, count)]);
            target.Unanswered.Enqueue(batch);
            target.Peer.Tell(new ClientProtocol.ProposeBatch(batch.Commands()), Self);
            start += count;
        }

        _queued.Clear();
    }

    private MemberLink? ChooseTarget()
    {
        if (_hint is { } hinted && !_unreachable.Contains(hinted) && _members.TryGetValue(hinted, out var member))
        {
            return member;
        }

        return _roles.Leader is { } leader && !_unreachable.Contains(leader) && _members.TryGetValue(leader, out var known) ? known : null;
    }
}
