namespace Raft.Actors.Actors;

/// <summary>The real runtime: mailbox drains run as thread-pool work items; time is the system clock.</summary>
public sealed class ThreadPoolActorSystem : ActorSystem
{
    public ThreadPoolActorSystem(string name = "raft", TimeProvider? time = null)
        : base(name) => Time = time ?? TimeProvider.System;

    public override TimeProvider Time { get; }

    internal override void ScheduleDrain(ActorCell cell) =>
        ThreadPool.UnsafeQueueUserWorkItem(static c => c.Drain(), cell, preferLocal: false);

    internal override Random CreateRandom() => new();
}
