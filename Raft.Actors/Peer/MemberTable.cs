using Akka.Actor;

namespace Raft.Actors.Peer;

/// <summary>
/// How a peer reaches the other members by id. Each member has a path. A member in this actor system, once an
/// <see cref="Identify"/> resolves it, gets messages through its <see cref="IActorRef"/> directly and is watched: when
/// that incarnation stops, messages go through the path again until the next incarnation is identified, so a
/// restarted member (same path, new actor) is found without anyone waiting for it. A member in another actor system
/// always gets messages through its path: a remote <see cref="IActorRef"/> names one incarnation and is never
/// delivered to the next, and its Terminated comes only when Akka.Remote's failure detector (or Akka.Cluster's
/// downing) gives up, seconds after a restarted process already answers at that path. A send never blocks, and to an
/// absent member it is dropped; Raft retries what matters.
/// </summary>
internal sealed class MemberTable
{
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly IActorContext _context;

    public MemberTable(IActorContext context, IReadOnlyDictionary<string, ActorPath> paths)
    {
        _context = context;
        foreach (var (id, path) in paths)
        {
            _members[id] = new Member(id, context.ActorSelection(path), path.Address.HasGlobalScope);
        }
    }

    public IEnumerable<string> Ids => _members.Keys;

    public void Tell(string memberId, object message, IActorRef sender)
    {
        if (!_members.TryGetValue(memberId, out var member))
        {
            return;
        }

        if (member.Resolved is { } resolved)
        {
            resolved.Tell(message, sender);
            return;
        }

        member.Selection.Tell(message, sender);
        if (!member.Identifying && !member.Remote)
        {
            member.Identifying = true;
            member.Selection.Tell(new Identify(memberId), _context.Self);
        }
    }

    /// <summary>An answer to our <see cref="Identify"/>; returns false if it was not ours.</summary>
    public bool OnIdentity(ActorIdentity identity)
    {
        if (identity.MessageId is not string memberId || !_members.TryGetValue(memberId, out var member))
        {
            return false;
        }

        member.Identifying = false;
        if (identity.Subject is { } subject)
        {
            member.Resolved = subject;
            _context.Watch(subject);
        }

        return true;
    }

    /// <summary>A watched member stopped; returns false if it was not one of ours.</summary>
    public bool OnTerminated(IActorRef actor)
    {
        foreach (var member in _members.Values)
        {
            if (actor.Equals(member.Resolved))
            {
                member.Resolved = null;
                return true;
            }
        }

        return false;
    }

    private sealed class Member(string id, ActorSelection selection, bool remote)
    {
        public string Id { get; } = id;

        public ActorSelection Selection { get; } = selection;

        /// <summary>Its path names another actor system (host and port): always reached through the path.</summary>
        public bool Remote { get; } = remote;

        public IActorRef? Resolved { get; set; }

        public bool Identifying { get; set; }
    }
}
