using System.Collections.Concurrent;
using Raft.Actors.Actors;

namespace Raft.Actors.Transport;

/// <summary>
/// Members of one group in one process: a message goes straight to the member's current endpoint, which a
/// restarted peer replaces under its id. A message to a member with no endpoint is dropped.
/// </summary>
public sealed class InProcessNetwork
{
    private readonly ConcurrentDictionary<string, IActorRef?> _endpoints = new(StringComparer.Ordinal);

    public void Register(string memberId, IActorRef? endpoint) => _endpoints[memberId] = endpoint;

    public IActorRef RefFor(string memberId) => new Route(this, memberId);

    private sealed class Route(InProcessNetwork network, string to) : IActorRef
    {
        public string Path => $"local://{to}";

        public void Tell(object message, IActorRef? sender = null)
        {
            if (network._endpoints.TryGetValue(to, out var endpoint) && endpoint is not null)
            {
                endpoint.Tell(message, sender);
            }
        }
    }
}
