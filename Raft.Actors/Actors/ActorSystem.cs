using System.Collections.Concurrent;

namespace Raft.Actors.Actors;

/// <summary>
/// Runs actors. The two runtimes differ only in where mailbox drains run and where time and randomness
/// come from: <see cref="ThreadPoolActorSystem"/> for real deployments, <see cref="SimulatedActorSystem"/> for tests.
/// </summary>
public abstract class ActorSystem : IDisposable
{
    private readonly ConcurrentDictionary<string, ActorCell> _actors = new(StringComparer.Ordinal);

    protected ActorSystem(string name) => Name = name;

    public string Name { get; }

    public abstract TimeProvider Time { get; }

    /// <summary>Raised when an actor throws; the actor is stopped.</summary>
    public event Action<string, Exception>? ActorFailed;

    /// <summary>Starts a top-level actor named <paramref name="name"/> (unique among running actors).</summary>
    public IActorRef ActorOf(Func<ActorBase> factory, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Spawn(factory, "/" + name, parent: null);
    }

    /// <summary>Stops an actor and its children: nothing more is handled, PostStop runs on the actor's thread.</summary>
    public void Stop(IActorRef actor)
    {
        if (actor is ActorCell cell)
        {
            cell.RequestStop();
        }
    }

    /// <summary>Stops every actor.</summary>
    public virtual void Dispose()
    {
        foreach (var cell in _actors.Values)
        {
            cell.RequestStop();
        }

        GC.SuppressFinalize(this);
    }

    internal ActorCell Spawn(Func<ActorBase> factory, string path, ActorCell? parent)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var actor = factory();
        var cell = new ActorCell(this, path, parent, actor);
        if (!_actors.TryAdd(path, cell))
        {
            throw new InvalidOperationException($"An actor named '{path}' is already running in system '{Name}'.");
        }

        cell.Start();
        return cell;
    }

    internal void Unregister(ActorCell cell) => _actors.TryRemove(new KeyValuePair<string, ActorCell>(cell.Path, cell));

    internal abstract void ScheduleDrain(ActorCell cell);

    internal abstract Random CreateRandom();

    internal virtual void RecordDelivery(ActorCell cell, object message)
    {
    }

    internal virtual void ReportFailure(ActorCell cell, Exception exception) => ActorFailed?.Invoke(cell.Path, exception);
}
