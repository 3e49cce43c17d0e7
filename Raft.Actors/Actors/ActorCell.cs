using System.Collections.Concurrent;

namespace Raft.Actors.Actors;

/// <summary>
/// The runtime half of an actor: its mailbox, timers and children. Messages are handled one at a time;
/// the runtime only decides where a drain of the mailbox runs (a thread-pool work item, or a simulation event).
/// </summary>
internal sealed class ActorCell : IActorRef, IActorContext
{
    // Messages handled per drain before yielding the thread, so one busy actor cannot starve the others.
    private const int Throughput = 256;

    private readonly ConcurrentQueue<Envelope> _mailbox = new();
    private readonly List<ActorCell> _children = [];
    private readonly ActorBase _actor;
    private readonly TimerScheduler _timers;
    private int _drainScheduled;
    private volatile bool _stopRequested;
    private bool _stopped;

    public ActorCell(ActorSystem system, string path, ActorCell? parent, ActorBase actor)
    {
        System = system;
        Path = path;
        Parent = parent;
        _actor = actor;
        _timers = new TimerScheduler(this);
        Random = system.CreateRandom();
        actor.Attach(this);
    }

    public ActorSystem System { get; }

    public ActorCell? Parent { get; }

    public string Path { get; }

    public IActorRef Self => this;

    public IActorRef? Sender { get; private set; }

    public TimeProvider Time => System.Time;

    public Random Random { get; }

    public ITimerScheduler Timers => _timers;

    /// <summary>PostStop has run: nothing will ever be handled again.</summary>
    public bool IsTerminated => _stopped;

    internal ActorBase Actor => _actor;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_stopRequested && message is not SystemMessage)
        {
            return;
        }

        _mailbox.Enqueue(new Envelope(message, sender));
        if (Interlocked.Exchange(ref _drainScheduled, 1) == 0)
        {
            System.ScheduleDrain(this);
        }
    }

    public IActorRef ActorOf(Func<ActorBase> factory, string name)
    {
        var child = System.Spawn(factory, Path + "/" + name, this);
        lock (_children)
        {
            _children.Add(child);
        }

        return child;
    }

    public void StopSelf() => RequestStop();

    /// <summary>Marks this actor and its children stopped at once (nothing more is handled) and queues PostStop.</summary>
    public void RequestStop()
    {
        if (_stopRequested)
        {
            return;
        }

        _stopRequested = true;
        System.Unregister(this);
        ActorCell[] children;
        lock (_children)
        {
            children = [.. _children];
        }

        foreach (var child in children)
        {
            child.RequestStop();
        }

        Tell(SystemMessage.Stop);
    }

    public void Start() => Tell(SystemMessage.Start);

    /// <summary>Handles queued messages; called by the runtime, never concurrently with itself.</summary>
    public void Drain()
    {
        var handled = 0;
        while (handled < Throughput && !_stopped && _mailbox.TryDequeue(out var envelope))
        {
            handled++;
            Invoke(envelope);
        }

        if (handled > 0 && !_stopRequested)
        {
            Guard(_actor.InvokeMailboxDrained);
        }

        // A full fence, not a volatile write: the store must be visible before we look at the mailbox, or a
        // concurrent Tell can still see 1 and not schedule while we see an empty queue (a lost wakeup).
        Interlocked.Exchange(ref _drainScheduled, 0);
        if (!_stopped && !_mailbox.IsEmpty && Interlocked.Exchange(ref _drainScheduled, 1) == 0)
        {
            System.ScheduleDrain(this);
        }
    }

    private void Invoke(Envelope envelope)
    {
        var message = envelope.Message;
        if (message is SystemMessage system)
        {
            if (system == SystemMessage.Start && !_stopRequested)
            {
                Guard(_actor.InvokePreStart);
            }
            else if (system == SystemMessage.Stop)
            {
                _stopped = true;
                _timers.CancelAll();
                Guard(_actor.InvokePostStop);
            }

            return;
        }

        if (_stopRequested)
        {
            return;
        }

        if (message is TimerMessage timer)
        {
            if (!_timers.Accept(timer))
            {
                return;
            }

            message = timer.Message;
        }

        System.RecordDelivery(this, message);
        Sender = envelope.Sender;
        try
        {
            Guard(() => _actor.InvokeReceive(message));
        }
        finally
        {
            Sender = null;
        }
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            // An exception in an actor is a bug: stop it rather than carry on with a half-updated state.
            RequestStop();
            System.ReportFailure(this, ex);
        }
    }
}
