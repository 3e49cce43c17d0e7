using System.Diagnostics;
using Raft.Actors.Actors;

namespace Raft.Actors.Testing;

/// <summary>
/// A reference tests send from and assert on, as Akka.NET's TestProbe. Register it in a network under a member id
/// and it plays that peer. In the simulation, waiting runs the simulation (virtual time); on the real runtime it
/// waits on the probe's own arrivals, never by sleeping and polling.
/// </summary>
public sealed class TestProbe : IActorRef
{
    private readonly ActorSystem _system;
    private readonly Queue<Envelope> _received = new();
    private readonly SemaphoreSlim _arrivals = new(0);
    private readonly object _gate = new();

    public TestProbe(ActorSystem system, string name = "probe")
    {
        _system = system;
        Path = "/probe/" + name;
    }

    public string Path { get; }

    /// <summary>Used when an expectation names no time limit (virtual time in the simulation).</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The sender of the last message taken by an expectation.</summary>
    public IActorRef? LastSender { get; private set; }

    public int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _received.Count;
            }
        }
    }

    public void Tell(object message, IActorRef? sender = null)
    {
        lock (_gate)
        {
            _received.Enqueue(new Envelope(message, sender));
        }

        _arrivals.Release();
    }

    /// <summary>Tells <paramref name="target"/> a message with this probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, this);

    /// <summary>Answers the sender of the last message taken.</summary>
    public void Reply(object message) =>
        (LastSender ?? throw new ProbeAssertionException($"{Path}: no message with a sender has been taken, so there is nobody to reply to.")).Tell(message, this);

    /// <summary>The next message must be a <typeparamref name="T"/> (satisfying <paramref name="predicate"/>) and arrive within the time limit.</summary>
    public T ExpectMsg<T>(Func<T, bool>? predicate = null, TimeSpan? within = null, string? hint = null)
    {
        var timeout = within ?? DefaultTimeout;
        if (!WaitFor(() => QueuedCount > 0, timeout))
        {
            throw new ProbeAssertionException($"{Path}: expected {Describe<T>(hint)} within {timeout.TotalMilliseconds} ms, but no message arrived.");
        }

        var envelope = Take();
        if (envelope.Message is T typed && (predicate is null || predicate(typed)))
        {
            return typed;
        }

        throw new ProbeAssertionException($"{Path}: expected {Describe<T>(hint)}, got {envelope.Message}.");
    }

    /// <summary>No message may arrive for <paramref name="duration"/>.</summary>
    public void ExpectNoMsg(TimeSpan duration)
    {
        if (WaitFor(() => QueuedCount > 0, duration))
        {
            throw new ProbeAssertionException($"{Path}: expected no message for {duration.TotalMilliseconds} ms, got {Peek()}.");
        }
    }

    /// <summary>Skips messages until one is a <typeparamref name="T"/> satisfying <paramref name="predicate"/>.</summary>
    public T FishForMessage<T>(Func<T, bool> predicate, TimeSpan? within = null, string? hint = null)
    {
        var timeout = within ?? DefaultTimeout;
        var deadline = Now() + timeout;
        var skipped = new List<object>();
        while (true)
        {
            var remaining = deadline - Now();
            if (remaining < TimeSpan.Zero || !WaitFor(() => QueuedCount > 0, remaining))
            {
                var seen = skipped.Count == 0 ? "nothing" : string.Join(", ", skipped.TakeLast(5));
                throw new ProbeAssertionException($"{Path}: expected {Describe<T>(hint)} within {timeout.TotalMilliseconds} ms; skipped {skipped.Count} other messages (last: {seen}).");
            }

            var envelope = Take();
            if (envelope.Message is T typed && predicate(typed))
            {
                return typed;
            }

            skipped.Add(envelope.Message);
        }
    }

    /// <summary>Takes every message that arrives within <paramref name="duration"/>.</summary>
    public IReadOnlyList<object> ReceiveFor(TimeSpan duration)
    {
        WaitFor(() => false, duration);
        var all = new List<object>();
        while (QueuedCount > 0)
        {
            all.Add(Take().Message);
        }

        return all;
    }

    private bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        if (_system is SimulatedActorSystem simulated)
        {
            return simulated.Simulation.RunUntil(condition, timeout);
        }

        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            var remaining = timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero || !_arrivals.Wait(remaining))
            {
                return condition();
            }
        }

        return true;
    }

    private TimeSpan Now() => TimeSpan.FromTicks(_system.Time.GetTimestamp() * TimeSpan.TicksPerSecond / _system.Time.TimestampFrequency);

    private Envelope Take()
    {
        lock (_gate)
        {
            var envelope = _received.Dequeue();
            LastSender = envelope.Sender;
            return envelope;
        }
    }

    private object? Peek()
    {
        lock (_gate)
        {
            return _received.Count > 0 ? _received.Peek().Message : null;
        }
    }

    private static string Describe<T>(string? hint) => hint is null ? typeof(T).Name : $"{typeof(T).Name} ({hint})";
}
