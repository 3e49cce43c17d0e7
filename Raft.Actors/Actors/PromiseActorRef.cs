namespace Raft.Actors.Actors;

/// <summary>
/// A temporary actor reference that stands for one awaited reply: the first message told to it (or the first that its
/// predicate accepts) completes <see cref="Task"/>; later messages are dropped. Used by
/// <see cref="AskExtensions"/> as the sender of the question, so the answer comes back here.
/// </summary>
public sealed class PromiseActorRef : IActorRef
{
    private static long _nextId;
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<object, bool>? _accept;

    /// <param name="accept">Which messages complete the promise; null accepts the first message of any kind.</param>
    public PromiseActorRef(Func<object, bool>? accept = null)
    {
        _accept = accept;
        Path = $"/temp/promise-{Interlocked.Increment(ref _nextId)}";
    }

    public string Path { get; }

    /// <summary>Completes with the reply; continuations run on the thread pool, never on the replying actor's thread.</summary>
    public Task<object> Task => _reply.Task;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_reply.Task.IsCompleted && (_accept is null || _accept(message)))
        {
            _reply.TrySetResult(message);
        }
    }

    public override string ToString() => Path;
}
