using Raft.Actors.Actors;

namespace Raft.Actors.Transport;

/// <summary>
/// The network of a simulation. Members are addressed by id; each has at most one current endpoint (a restarted
/// peer re-registers under the same id). Delivery is a simulation event after a delay drawn from the
/// simulation's random source. A message to or from a disconnected member, or across a partition, is lost,
/// both when sent and when it would arrive; the sender never waits or learns of it.
/// </summary>
public sealed class SimulatedNetwork(Simulation simulation)
{
    private readonly Dictionary<string, IActorRef?> _endpoints = new(StringComparer.Ordinal);
    private readonly HashSet<string> _disconnected = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _partition = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, long> _sentByType = [];

    public NetworkConditions Conditions { get; set; } = NetworkConditions.Reliable;

    public long Sent { get; private set; }

    /// <summary>Makes <paramref name="endpoint"/> the current incarnation of <paramref name="memberId"/> (null: nobody there).</summary>
    public void Register(string memberId, IActorRef? endpoint) => _endpoints[memberId] = endpoint;

    /// <summary>A reference <paramref name="from"/> uses to reach <paramref name="to"/>, whatever incarnation is there.</summary>
    public IActorRef RefFor(string from, string to) => new Route(this, from, to);

    public void Disconnect(string memberId) => _disconnected.Add(memberId);

    public void Connect(string memberId) => _disconnected.Remove(memberId);

    public bool IsConnected(string memberId) => !_disconnected.Contains(memberId);

    /// <summary>Splits members into groups that only reach members of their own group; members not named form no group and reach nobody.</summary>
    public void Partition(params IReadOnlyCollection<string>[] groups)
    {
        _partition.Clear();
        for (var group = 0; group < groups.Length; group++)
        {
            foreach (var member in groups[group])
            {
                _partition[member] = group;
            }
        }
    }

    /// <summary>Removes every partition (disconnections stay).</summary>
    public void Heal() => _partition.Clear();

    public bool CanReach(string from, string to)
    {
        if (_disconnected.Contains(from) || _disconnected.Contains(to))
        {
            return false;
        }

        if (_partition.Count == 0)
        {
            return true;
        }

        return _partition.TryGetValue(from, out var a) && _partition.TryGetValue(to, out var b) && a == b;
    }

    /// <summary>Messages of type <typeparamref name="T"/> handed to the network so far (delivered or not).</summary>
    public long SentOf<T>() => _sentByType.GetValueOrDefault(typeof(T));

    /// <summary>Sees every message handed to the network, delivered or not (for counting in tests).</summary>
    public Action<object>? Tap { get; set; }

    private void Send(string from, string to, object message, IActorRef? sender)
    {
        Sent++;
        _sentByType[message.GetType()] = _sentByType.GetValueOrDefault(message.GetType()) + 1;
        Tap?.Invoke(message);
        if (!CanReach(from, to))
        {
            return;
        }

        var conditions = Conditions;
        if (conditions.DropRate > 0 && simulation.Random.NextDouble() < conditions.DropRate)
        {
            return;
        }

        var spread = conditions.MaxDelay - conditions.MinDelay;
        var delay = conditions.MinDelay + TimeSpan.FromTicks((long)(simulation.Random.NextDouble() * spread.Ticks));
        simulation.Schedule(delay, () =>
        {
            if (CanReach(from, to) && _endpoints.GetValueOrDefault(to) is { } endpoint)
            {
                endpoint.Tell(message, sender);
            }
        });
    }

    private sealed class Route(SimulatedNetwork network, string from, string to) : IActorRef
    {
        public string Path => $"net://{from}->{to}";

        public void Tell(object message, IActorRef? sender = null) => network.Send(from, to, message, sender);
    }
}
