using Akka.Actor;
using Akka.Event;
using Raft.Actors.Cluster;

namespace Raft.Host.Modes;

/// <summary>
/// Watches every member of the group (<see cref="RaftGroupProtocol.WatchMembers"/>) and reports the first one that
/// stops, with the first error it logged (why it stopped: a journal that does not recover, a failed write, a state
/// machine that throws). The host never stops a member itself, so outside a shutdown a stopped member is a failure:
/// the group actor does not restart it, and the host must not go on as a smaller group that may never commit again.
/// </summary>
internal sealed class MemberWatch : ReceiveActor
{
    private readonly IActorRef _group;
    private readonly Dictionary<IActorRef, string> _members = [];
    private readonly Dictionary<string, string> _firstErrors = new(StringComparer.Ordinal);

    public MemberWatch(IActorRef group, Action<MemberFailure> stopped)
    {
        _group = group;
        var memberPaths = _group.Path.ToStringWithoutAddress() + "/";
        Receive<RaftGroupProtocol.MemberUp>(up =>
        {
            _members[up.Peer] = up.MemberId;
            Context.Watch(up.Peer);
        });

        // A peer logs why it stops before it stops, so its error is in this mailbox ahead of its Terminated. The
        // first is the peer's own account; Akka.Persistence's more general one may follow.
        Receive<Error>(error =>
        {
            if (MemberOf(error.LogSource, memberPaths) is { } memberId)
            {
                _firstErrors.TryAdd(memberId, error.Message?.ToString() ?? error.Cause?.Message ?? "an error without a message");
            }
        });
        Receive<Terminated>(terminated =>
        {
            if (!_members.Remove(terminated.ActorRef, out var memberId)
                || CoordinatedShutdown.Get(Context.System).ShutdownReason is not null)
            {
                return;
            }

            stopped(new MemberFailure(memberId, _firstErrors.GetValueOrDefault(memberId) ?? "it stopped without logging an error"));
        });
    }

    /// <summary>
    /// The watch of <paramref name="group"/>'s members; <paramref name="stopped"/> is called on the watch's thread.
    /// Subscribe it to <see cref="Error"/> on the event stream to learn why a member stopped.
    /// </summary>
    public static Props Props(IActorRef group, Action<MemberFailure> stopped) =>
        Akka.Actor.Props.Create(() => new MemberWatch(group, stopped));

    protected override void PreStart() => _group.Tell(new RaftGroupProtocol.WatchMembers(Self));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>The member whose actor, or one of its children (its state machine applier), logged from <paramref name="source"/>.</summary>
    private static string? MemberOf(string source, string memberPaths)
    {
        var start = source.IndexOf(memberPaths, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var id = source[(start + memberPaths.Length)..];
        var end = id.IndexOf('/', StringComparison.Ordinal);
        return end < 0 ? id : id[..end];
    }
}
