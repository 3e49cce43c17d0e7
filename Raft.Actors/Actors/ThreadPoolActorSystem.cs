namespace Raft.Actors.Actors;

/// <summary>The real runtime: mailbox drains run as thread-pool work items; time is the system clock.</summary>
public sealed class ThreadPoolActorSystem : ActorSystem
{
    public ThreadPoolActorSystem(string name = "raft", TimeProvider? time = null)
        : base(name) => Time = time ?? TimeProvider.System;

    public override TimeProvider Time { get; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ActorCell, OwnThread> _ownThreads = new();

    internal override void ScheduleDrain(ActorCell cell)
    {
        if (cell.Actor.NeedsOwnThread)
        {
            _ownThreads.GetOrAdd(cell, c => new OwnThread(c, () => _ownThreads.TryRemove(c, out _))).Wake();
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static c => c.Drain(), cell, preferLocal: false);
    }

    /// <summary>A dedicated thread that drains one actor's mailbox whenever woken, until the actor has terminated.</summary>
    private sealed class OwnThread
    {
        private readonly ActorCell _cell;
        private readonly Action _onExit;
        private readonly SemaphoreSlim _wake = new(0);

        public OwnThread(ActorCell cell, Action onExit)
        {
            _cell = cell;
            _onExit = onExit;
            new Thread(Run) { IsBackground = true, Name = "actor " + cell.Path }.Start();
        }

        public void Wake() => _wake.Release();

        private void Run()
        {
            while (!_cell.IsTerminated)
            {
                _wake.Wait();
                _cell.Drain();
            }

            _onExit();
        }
    }

    internal override Random CreateRandom() => new();
}
