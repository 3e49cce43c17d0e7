using System.Runtime.CompilerServices;
using Akka.Actor;
using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

/// <summary>
/// Proposes commands to a Raft group and reads its state without touching actors. Concurrent proposals travel to
/// the leader together, batched by the client's dispatcher actor (<c>/user/raft-{clusterId}.client</c>), which
/// follows leadership and watches every member. Thread-safe; stops with its group.
/// </summary>
public sealed partial class RaftGroupClient
{
    private readonly IActorRef _group;
    private readonly IActorRef _dispatcher;
    private readonly RoleBoard _roles = new();
    private readonly ProposalGate _gate = new();
    private readonly TimeProvider _time;
    private readonly bool _ownsGroup;
    private readonly bool _limitedByFrame;

    internal RaftGroupClient(
        ActorSystem system, IActorRef group, string clusterId, IReadOnlyList<string> memberIds, TimeSpan proposalTimeout,
        TimeProvider? time = null, bool ownsGroup = false, int? maxCommandBytes = null)
    {
        _ownsGroup = ownsGroup;
        _group = group;
        _time = time ?? TimeProvider.System;
        ClusterId = clusterId;
        MemberIds = memberIds;
        ProposalTimeout = proposalTimeout;
        var groupLimit = maxCommandBytes ?? new Core.RaftOptions().MaxCommandBytes;
        var frameLimit = ProposalDispatcher.MaxCommandBytesFor(system);
        MaxCommandBytes = Math.Min(groupLimit, frameLimit);
        _limitedByFrame = frameLimit < groupLimit;
        _dispatcher = system.ActorOf(
            ProposalDispatcher.Props(clusterId, group, _roles, _gate, _time, ProposalDispatcher.MaxBatchBytesFor(system)), ActorName(clusterId));
    }

    public string ClusterId { get; }

    /// <summary>
    /// A client, in <paramref name="system"/>, of a group whose members run in other actor systems, each at
    /// <c>{address}/user/raft-{clusterId}/{member}</c> (<see cref="Remote.RaftMember"/>). <paramref name="system"/> needs
    /// remoting but need not be a member: a process that only proposes works. It finds the members by their paths and
    /// finds a restarted member again within about a second of its process answering. With
    /// <c>akka.actor.provider = cluster</c> it also takes Akka.Cluster's reachability as a hint: no new batch goes to a
    /// leader whose node is unreachable until it is reachable again or a leader announces itself. Give it the group's
    /// <see cref="Core.RaftOptions.MaxCommandBytes"/> as <c>maxCommandBytes</c> when they are not the default, so that
    /// <see cref="ProposeAsync"/> refuses a larger command before sending it (the members refuse it anyway).
    /// </summary>
    /// <exception cref="ArgumentException">The cluster id, a member id or an address is invalid; the message names it.</exception>
    /// <exception cref="InvalidActorNameException">A client of this group already runs in the system.</exception>
    public static RaftGroupClient Connect(
        ActorSystem system, string clusterId, IReadOnlyDictionary<string, Address> members, TimeSpan? proposalTimeout = null, int? maxCommandBytes = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(members);
        Core.MemberIds.Validate(clusterId, "cluster id");
        if (members.Count == 0)
        {
            throw new ArgumentException($"Group '{clusterId}' needs at least one member to connect to.", nameof(members));
        }

        foreach (var (id, address) in members)
        {
            Core.MemberIds.Validate(id, "member id");
            if (address is null || !address.HasGlobalScope)
            {
                throw new ArgumentException($"Member '{id}' of group '{clusterId}' has the address '{address}', which has no host and port (akka.tcp://system@host:port).", nameof(members));
            }
        }

        var timeout = proposalTimeout ?? TimeSpan.FromSeconds(5);
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(proposalTimeout), timeout, "A proposal needs a positive timeout.");
        }

        if (maxCommandBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCommandBytes), maxCommandBytes, "A command limit must be at least 1 byte.");
        }

        var paths = members.ToDictionary(m => m.Key, m => Remote.RaftMemberSettings.PathOf(m.Value, clusterId, m.Key), StringComparer.Ordinal);
        var directory = system.ActorOf(Remote.RemoteMemberDirectory.Props(clusterId, paths), Remote.RemoteMemberDirectory.ActorName(clusterId));
        return new RaftGroupClient(system, directory, clusterId, [.. members.Keys], timeout, ownsGroup: true, maxCommandBytes: maxCommandBytes);
    }

    /// <summary>
    /// Stops this client; proposals in progress end with <see cref="ObjectDisposedException"/>. A client of a
    /// <see cref="RaftGroup"/> also stops with its group.
    /// </summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? ProposalTimeout;
        await _dispatcher.GracefulStop(limit).ConfigureAwait(false);
        if (_ownsGroup)
        {
            await _group.GracefulStop(limit).ConfigureAwait(false);
        }
    }

    public IReadOnlyList<string> MemberIds { get; }

    /// <summary>How long a proposal waits when the caller gives no timeout.</summary>
    public TimeSpan ProposalTimeout { get; }

    /// <summary>
    /// The largest command <see cref="ProposeAsync"/> sends, in bytes: the group's <see cref="Core.RaftOptions.MaxCommandBytes"/>
    /// when this client knows it (a <see cref="RaftGroup"/>'s or <see cref="Remote.RaftMember"/>'s client), else what
    /// <see cref="Connect"/> was given, else the option's default; and, in an actor system with remoting, no more
    /// than one proposal in this system's Akka.Remote frame can carry (a larger one would be dropped on the way).
    /// </summary>
    public int MaxCommandBytes { get; }

    /// <summary>The running member believed to lead, from the members' latest notifications; null during an election.</summary>
    public string? Leader => _roles.Leader;

    /// <summary>The client's dispatcher actor (stopping it stops the client).</summary>
    internal IActorRef Dispatcher => _dispatcher;

    /// <summary>The dispatcher's name under <c>/user</c>; the '.' keeps it apart from any group's name.</summary>
    internal static string ActorName(string clusterId) => $"raft-{clusterId}.client";

    /// <summary>
    /// Proposes <paramref name="command"/> to the leader and waits until it is applied. A member that answers
    /// NotLeader is left for the leader it names, or for the next one announced; a member that stops before answering,
    /// for the next leader at once. Once a leader has accepted the command it is never proposed again, so it is
    /// applied at most once.
    /// </summary>
    /// <returns>The index and term the command committed at, and the state machine's result.</returns>
    /// <exception cref="ArgumentException">
    /// The command is larger than <see cref="MaxCommandBytes"/>; thrown at once, nothing is sent.
    /// </exception>
    /// <exception cref="ProposalFailedException">
    /// The leader lost leadership or stopped after accepting it; the outcome is unknown. Or (reason
    /// <see cref="ClientProtocol.ProposalFailureReason.CommandTooLarge"/>) the leader refused it as larger than the
    /// group's limit, which is lower than this client's <see cref="MaxCommandBytes"/>: it was not committed.
    /// </exception>
    /// <exception cref="TimeoutException">
    /// No leader accepted it, or it was not applied, within <paramref name="timeout"/> (default <see cref="ProposalTimeout"/>); the message says which.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The group (and with it this client) stopped.</exception>
    public Task<ProposalResult> ProposeAsync(byte[] command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Length > MaxCommandBytes)
        {
            throw new ArgumentException(
                _limitedByFrame
                    ? $"The command holds {command.Length} bytes, more than this client's Akka.Remote frame carries ({Remote.RemoteFrameLimits.FrameSizeKey} leaves room for {MaxCommandBytes}); nothing was sent."
                    : $"The command holds {command.Length} bytes, more than group '{ClusterId}' takes (MaxCommandBytes {MaxCommandBytes}); nothing was sent.",
                nameof(command));
        }

        var limit = timeout ?? ProposalTimeout;
        if (limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "A proposal needs a positive timeout.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<ProposalResult>(cancellationToken);
        }

        var proposal = new PendingProposal(command, limit, _time.GetTimestamp() + (long)(limit.TotalSeconds * _time.TimestampFrequency));
        if (!_gate.TryAdmit(proposal))
        {
            return Task.FromException<ProposalResult>(new ObjectDisposedException(nameof(RaftGroupClient), $"The client of group '{ClusterId}' has stopped."));
        }

        if (cancellationToken.CanBeCanceled)
        {
            proposal.Cancellation = cancellationToken.Register(() => _dispatcher.Tell(new DispatcherMessages.Cancel(proposal, cancellationToken)));
        }

        _dispatcher.Tell(new DispatcherMessages.Submit(proposal));
        return proposal.Task;
    }

    /// <summary>Asks a running member for its status.</summary>
    /// <exception cref="ArgumentException">It is not a member of the group.</exception>
    /// <exception cref="InvalidOperationException">The member is stopped.</exception>
    /// <exception cref="TimeoutException">It did not answer within <paramref name="timeout"/> (default <see cref="ProposalTimeout"/>).</exception>
    public async Task<ClientProtocol.PeerStatus> StatusAsync(string memberId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!MemberIds.Contains(memberId, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{memberId}' is not a member of group '{ClusterId}' (members: {string.Join(", ", MemberIds)}).", nameof(memberId));
        }

        var limit = timeout ?? ProposalTimeout;
        try
        {
            return await _group.Ask<ClientProtocol.PeerStatus>(new RaftGroupProtocol.GetMemberStatus(memberId), limit, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new TimeoutException($"Member '{memberId}' of group '{ClusterId}' did not report its status within {limit.TotalMilliseconds} ms.");
        }
    }

    /// <summary>
    /// The members' <see cref="ClientProtocol.RoleChanged"/> notifications as they happen, starting with the latest one
    /// of each running member (so a watcher that starts late still learns the current leader). Ends when the client
    /// stops, or throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<ClientProtocol.RoleChanged> WatchRoleChanges([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = _roles.Watch();
        try
        {
            await foreach (var change in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            _roles.Unwatch(reader);
        }
    }
}
