namespace Raft.Actors.Actors;

/// <summary>A handle to an actor: the only way to reach it is to <see cref="Tell"/> it a message.</summary>
public interface IActorRef
{
    /// <summary>A readable name, unique within its actor system.</summary>
    string Path { get; }

    /// <summary>Enqueues <paramref name="message"/> and returns at once; never waits for the receiver.</summary>
    void Tell(object message, IActorRef? sender = null);
}
