using Akka.Actor;
using Raft.Actors.Core;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Remote;

/// <summary>
/// What <see cref="RaftMember.Start"/> runs one member of a group from, when each member has its own actor system
/// (its own process or machine). Every member is given the same <see cref="Members"/>: the group's initial
/// configuration, each member id with the Akka address of the actor system that hosts it. Checked when the member starts.
/// </summary>
public sealed record RaftMemberSettings
{
    /// <summary>Names the group: the member runs at <c>/user/raft-{ClusterId}/{MemberId}</c>, journaled as <c>raft/{ClusterId}/{MemberId}</c>.</summary>
    public required string ClusterId { get; init; }

    /// <summary>The member this actor system runs; a restarted process keeps it, with its address and journal.</summary>
    public required string MemberId { get; init; }

    /// <summary>
    /// Every member of the group, this one included, with the address of its actor system
    /// (<c>akka.tcp://{system}@{host}:{port}</c>). The address given for <see cref="MemberId"/> must be the one this
    /// actor system listens as, since the others send to it.
    /// </summary>
    public required IReadOnlyDictionary<string, Address> Members { get; init; }

    /// <summary>Makes a fresh state machine each time the member starts; committed entries are replayed into it.</summary>
    public required Func<string, IStateMachine> StateMachineFactory { get; init; }

    /// <summary>Timing, batching and snapshot policy; every member of a group should use the same.</summary>
    public RaftOptions Options { get; init; } = new();

    /// <summary>How long the member's <see cref="Cluster.RaftGroupClient"/> waits for a proposal when the caller gives no timeout.</summary>
    public TimeSpan ProposalTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The Akka.Persistence journal plugin; null for the system's default.</summary>
    public string? JournalPluginId { get; init; }

    /// <summary>The Akka.Persistence snapshot store plugin; null for the system's default.</summary>
    public string? SnapshotPluginId { get; init; }

    /// <summary>Optional synchronous hooks into the member, called on its actor's thread.</summary>
    public IRaftObserver? Observer { get; init; }

    /// <summary>Where a member's peer actor runs: <c>{address}/user/raft-{clusterId}/{memberId}</c>, the same path as in a <see cref="Cluster.RaftGroup"/>.</summary>
    public static ActorPath PathOf(Address address, string clusterId, string memberId) =>
        new RootActorPath(address) / "user" / Cluster.RaftGroupActor.ActorName(clusterId) / memberId;

    /// <summary>
    /// Reads members written as <c>id=address</c>, e.g. <c>n1=akka.tcp://raft@10.0.0.1:4053</c>, as a configuration
    /// file or command line gives them.
    /// </summary>
    /// <exception cref="ArgumentException">An item is not <c>id=address</c>, or its address does not parse; the message names it.</exception>
    public static IReadOnlyDictionary<string, Address> ParseMembers(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var members = new Dictionary<string, Address>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var separator = item.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new ArgumentException($"Member '{item}' is not written as id=address (e.g. n1=akka.tcp://raft@127.0.0.1:4053).", nameof(items));
            }

            var id = item[..separator].Trim();
            var text = item[(separator + 1)..].Trim();
            if (!Address.TryParse(text, out var address) || !address.HasGlobalScope)
            {
                throw new ArgumentException($"Member '{id}' has address '{text}', which is not an Akka.Remote address (akka.tcp://system@host:port).", nameof(items));
            }

            if (!members.TryAdd(id, address))
            {
                throw new ArgumentException($"Member '{id}' is listed twice.", nameof(items));
            }
        }

        return members;
    }

    /// <summary>The problems with these settings other than <see cref="Options"/>' own, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!MemberIds.IsValid(ClusterId))
        {
            problems.Add($"{nameof(ClusterId)} '{ClusterId}' is not valid: use 1 to {MemberIds.MaxLength} letters, digits, '-' or '_'.");
        }

        if (!MemberIds.IsValid(MemberId))
        {
            problems.Add($"{nameof(MemberId)} '{MemberId}' is not valid: use 1 to {MemberIds.MaxLength} letters, digits, '-' or '_'.");
        }

        if (Members is null || Members.Count == 0)
        {
            problems.Add($"{nameof(Members)} must list every member of the group with its address.");
        }
        else
        {
            foreach (var (id, address) in Members)
            {
                if (!MemberIds.IsValid(id))
                {
                    problems.Add($"{nameof(Members)} lists '{id}', which is not a valid id: use 1 to {MemberIds.MaxLength} letters, digits, '-' or '_'.");
                }

                if (address is null || !address.HasGlobalScope)
                {
                    problems.Add($"{nameof(Members)} gives member '{id}' the address '{address}', which has no host and port (akka.tcp://system@host:port).");
                }
            }

            foreach (var shared in Members.Where(m => m.Value is not null).GroupBy(m => m.Value).Where(g => g.Count() > 1))
            {
                problems.Add($"{nameof(Members)} gives {string.Join(" and ", shared.Select(m => $"'{m.Key}'"))} the same address {shared.Key}: one member per actor system.");
            }

            if (MemberIds.IsValid(MemberId) && !Members.ContainsKey(MemberId))
            {
                problems.Add($"{nameof(Members)} does not list this member '{MemberId}' (it lists {string.Join(", ", Members.Keys)}).");
            }
        }

        Cluster.SharedSettingsProblems.Add(problems, StateMachineFactory, Options, ProposalTimeout, JournalPluginId, SnapshotPluginId);

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing the problems, then <see cref="RaftConfigurationException"/> if <see cref="Options"/> are invalid.</summary>
    public RaftMemberSettings Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid Raft member settings: " + string.Join(" ", problems));
        }

        Options.Validate();
        return this;
    }
}
