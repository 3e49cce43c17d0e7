namespace Raft.Actors.Actors;

/// <summary>
/// Everything an actor may touch outside itself. Peer code takes time, randomness and timers from here
/// (never from the wall clock or <c>Random.Shared</c>), which is what lets the simulation replay a run.
/// </summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled, if it gave one.</summary>
    IActorRef? Sender { get; }

    /// <summary>Real time on the thread-pool runtime, virtual time in the simulation.</summary>
    TimeProvider Time { get; }

    /// <summary>This actor's random source: seeded from the simulation's seed, or fresh on the real runtime.</summary>
    Random Random { get; }

    ITimerScheduler Timers { get; }

    /// <summary>Starts a child actor; it stops when this actor stops.</summary>
    IActorRef ActorOf(Func<ActorBase> factory, string name);

    /// <summary>Stops this actor after the current message; later messages are dropped.</summary>
    void StopSelf();
}
