namespace Raft.Actors.Actors;

/// <summary>
/// Request-reply over <see cref="IActorRef.Tell"/>: tells the target a message with a <see cref="PromiseActorRef"/>
/// as sender and awaits the reply. For callers outside the actor system (hosts, tests); actors never await.
/// </summary>
public static class AskExtensions
{
    /// <summary>Asks and completes with the first reply of any kind.</summary>
    /// <exception cref="TimeoutException">No reply within <paramref name="timeout"/>; the message names the target and the question.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public static Task<object> Ask(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        target.Ask(message, accept: null, timeout, cancellationToken);

    /// <summary>Asks and completes with the first reply that <paramref name="accept"/> matches; other replies are ignored.</summary>
    public static async Task<object> Ask(
        this IActorRef target,
        object message,
        Func<object, bool>? accept,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An ask needs a positive timeout (or Timeout.InfiniteTimeSpan).");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var promise = new PromiseActorRef(accept);
        target.Tell(message, promise);
        try
        {
            return await promise.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{target.Path} did not answer {message.GetType().Name} within {timeout.TotalMilliseconds} ms.");
        }
    }

    /// <summary>Asks and completes with the first reply, which must be a <typeparamref name="TReply"/>.</summary>
    /// <exception cref="InvalidOperationException">The first reply was of another type; the message names both.</exception>
    public static async Task<TReply> Ask<TReply>(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await target.Ask(message, accept: null, timeout, cancellationToken).ConfigureAwait(false);
        return reply is TReply typed
            ? typed
            : throw new InvalidOperationException($"{target.Path} answered {message.GetType().Name} with {reply.GetType().Name}, not the expected {typeof(TReply).Name}.");
    }
}
