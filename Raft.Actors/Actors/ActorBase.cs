namespace Raft.Actors.Actors;

/// <summary>
/// An actor handles one message at a time. Its behaviour is the handler that gets the next message;
/// <see cref="Become"/> swaps it, so each state of a state machine is a method of its own.
/// </summary>
public abstract class ActorBase
{
    private IActorContext? _context;
    private Action<object>? _behaviour;

    protected IActorContext Context =>
        _context ?? throw new InvalidOperationException("The actor context is set when the actor starts, not in its constructor.");

    protected IActorRef Self => Context.Self;

    protected IActorRef? Sender => Context.Sender;

    protected ITimerScheduler Timers => Context.Timers;

    /// <summary>
    /// True for an actor that blocks on I/O (a journal's fsync): the thread-pool runtime then gives it a thread of its
    /// own, as Akka's pinned dispatcher does, so its waits never hold a shared thread that timers and peers need.
    /// The simulation ignores it.
    /// </summary>
    protected internal virtual bool NeedsOwnThread => false;

    /// <summary>The behaviour the actor starts with.</summary>
    protected abstract void Receive(object message);

    /// <summary>Replaces the current behaviour; the next message goes to <paramref name="behaviour"/>.</summary>
    protected void Become(Action<object> behaviour) => _behaviour = behaviour;

    protected virtual void PreStart()
    {
    }

    protected virtual void PostStop()
    {
    }

    /// <summary>Called after the mailbox has been drained, before waiting for more: the place to flush work batched across messages.</summary>
    protected virtual void OnMailboxDrained()
    {
    }

    /// <summary>A message that no behaviour handles. Overridable; by default it is dropped.</summary>
    protected virtual void Unhandled(object message)
    {
    }

    internal void Attach(IActorContext context)
    {
        _context = context;
        _behaviour = Receive;
    }

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokeMailboxDrained() => OnMailboxDrained();

    internal void InvokeReceive(object message) => _behaviour!(message);

    /// <summary>Lets a behaviour pass on a message it does not handle.</summary>
    protected void NotHandled(object message) => Unhandled(message);
}
