using Akka.Actor;

namespace Raft.Actors.Peer;

/// <summary>
/// How a peer reaches the other members by id. Each member has a path; once an <see cref="Identify"/> resolves it,
/// messages go to the <see cref="IActorRef"/> directly and the peer watches it. When that incarnation stops,
/// messages go through the path again until the next incarnation is identified, so a restarted member (same path,
/// new actor) is found without anyone waiting for it: a send never blocks, and to an absent member it is dropped.
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
            _members[id] = new Member(id, context.ActorSelection(path));
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
        if (!member.Identifying)
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

    private sealed class Member(string id, ActorSelection selection)
    {
        public string Id { get; } = id;

        public ActorSelection Selection { get; } = selection;

        public IActorRef? Resolved { get; set; }

        public bool Identifying { get; set; }
    }
}
