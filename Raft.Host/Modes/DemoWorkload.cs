using Microsoft.Extensions.Logging;
using Raft.Actors.Embedding;
using Raft.Host.KeyValue;

namespace Raft.Host.Modes;

/// <summary>A few key-value commands through <see cref="EmbeddedRaftGroup.ProposeAsync"/>, each logged with its index and result.</summary>
internal sealed class DemoWorkload(EmbeddedRaftGroup group, ILogger<DemoWorkload> logger)
{
    private static readonly KeyValueCommand[] Commands =
    [
        KeyValueCommand.Set("greeting", "hello"),
        KeyValueCommand.Set("counter", "1"),
        KeyValueCommand.Set("colour", "blue"),
        KeyValueCommand.Get("greeting"),
        KeyValueCommand.CompareAndSet("counter", "1", "2"),
        KeyValueCommand.CompareAndSet("counter", "1", "3"),
        KeyValueCommand.Delete("colour"),
        KeyValueCommand.Get("colour"),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var command in Commands)
        {
            try
            {
                var applied = await group.ProposeAsync(command.Encode(), cancellationToken: cancellationToken);
                Log.CommandApplied(logger, applied.Index, applied.Term, command.ToString(), KeyValueResult.Decode(applied.Result).ToString());
            }
            catch (Exception ex) when (ex is ProposalFailedException or TimeoutException)
            {
                // The demo goes on: a later command may well find the next leader.
                Log.CommandFailed(logger, command.ToString(), ex.Message);
            }
        }
    }
}
