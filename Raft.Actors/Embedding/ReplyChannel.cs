using System.Threading.Channels;
using Raft.Actors.Actors;

namespace Raft.Actors.Embedding;

/// <summary>
/// The sender of one proposal's <see cref="Messages.ClientProtocol.Propose"/> messages: every answer (accepted or
/// not leader, then applied or failed) from every member tried is queued here for the proposing caller to read.
/// A promise would not do, because a leader answers the same sender twice.
/// </summary>
internal sealed class ReplyChannel : IActorRef
{
    private static long _nextId;
    private readonly Channel<object> _replies = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });

    public string Path { get; } = $"/temp/proposal-{Interlocked.Increment(ref _nextId)}";

    public ChannelReader<object> Replies => _replies.Reader;

    public void Tell(object message, IActorRef? sender = null) => _replies.Writer.TryWrite(message);
}
