namespace Raft.Actors.TestKit.Simulation;

/// <summary>
/// The network between the members of a simulation, addressed by member id. Each id has at most one endpoint at a
/// time (a restarted member registers again under its id). Delivery is a simulation event after a delay drawn from
/// the simulation's random source. A message to or from a disconnected member, or across a partition, is lost,
/// both when sent and when it would arrive; the sender never learns of it.
/// </summary>
public sealed class SimulatedNetwork(Simulator simulator)
{
    private readonly Dictionary<string, Action<object>> _endpoints = new(StringComparer.Ordinal);
    private readonly HashSet<string> _disconnected = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _partition = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, long> _sentByType = [];

    public NetworkConditions Conditions { get; set; } = NetworkConditions.Reliable;

    /// <summary>Messages handed to the network so far, delivered or not.</summary>
    public long Sent { get; private set; }

    public long Delivered { get; private set; }

    /// <summary>Sees every message handed to the network, delivered or not (for counting in tests).</summary>
    public Action<object>? Tap { get; set; }

    /// <summary>Makes <paramref name="deliver"/> the current endpoint of <paramref name="memberId"/>; null: nobody is there.</summary>
    public void Register(string memberId, Action<object>? deliver)
    {
        if (deliver is null)
        {
            _endpoints.Remove(memberId);
        }
        else
        {
            _endpoints[memberId] = deliver;
        }
    }

    public void Disconnect(string memberId) => _disconnected.Add(memberId);

    public void Connect(string memberId) => _disconnected.Remove(memberId);

    public bool IsConnected(string memberId) => !_disconnected.Contains(memberId);

    /// <summary>Splits members into groups that reach only members of their own group; members named in no group reach nobody.</summary>
    public void Partition(params IReadOnlyCollection<string>[] groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
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
        if (_disconnected.Count > 0 && (_disconnected.Contains(from) || _disconnected.Contains(to)))
        {
            return false;
        }

        return _partition.Count == 0
            || (_partition.TryGetValue(from, out var a) && _partition.TryGetValue(to, out var b) && a == b);
    }

    /// <summary>Messages of type <typeparamref name="T"/> handed to the network so far, delivered or not.</summary>
    public long SentOf<T>() => _sentByType.GetValueOrDefault(typeof(T));

    /// <summary>Hands <paramref name="message"/> to the network; it arrives later, or never.</summary>
    public void Send(string from, string to, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Sent++;
        var type = message.GetType();
        _sentByType[type] = _sentByType.GetValueOrDefault(type) + 1;
        Tap?.Invoke(message);
        if (!CanReach(from, to))
        {
            return;
        }

        var conditions = Conditions;
        if (conditions.DropRate > 0 && simulator.Random.NextDouble() < conditions.DropRate)
        {
            return;
        }

        var delay = conditions.MinDelay;
        var spread = conditions.MaxDelay - conditions.MinDelay;
        if (spread > TimeSpan.Zero)
        {
            delay += TimeSpan.FromTicks((long)(simulator.Random.NextDouble() * spread.Ticks));
        }

        simulator.Schedule(delay, () => Deliver(from, to, message));
    }

    private void Deliver(string from, string to, object message)
    {
        // Checked again on arrival: a link cut while the message was on its way loses it, and so does a crash.
        if (CanReach(from, to) && _endpoints.TryGetValue(to, out var deliver))
        {
            Delivered++;
            deliver(message);
        }
    }
}
