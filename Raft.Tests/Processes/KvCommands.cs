using Raft.Actors.KeyValue;
using Raft.Actors.StateMachine.Sessions;
using Raft.Actors.TestKit.Linearizability;

namespace Raft.Tests.Processes;

/// <summary>The checker's operations as <see cref="KeyValueCommand"/>s, and the group's results as the checker's outputs.</summary>
internal static class KvCommands
{
    public static KeyValueCommand Command(KvInput input) => input.Kind switch
    {
        KvOperationKind.Put => KeyValueCommand.Set(input.Key, input.Value!),
        KvOperationKind.Get => KeyValueCommand.Get(input.Key),
        KvOperationKind.Delete => KeyValueCommand.Delete(input.Key),
        _ => KeyValueCommand.CompareAndSet(input.Key, input.Expected, input.Value!),
    };

    /// <summary>The bytes of the log entry that carries the write: what a member's journal must hold once it is acknowledged.</summary>
    public static byte[] Entry(KvInput input, SessionStamp stamp) => SessionEnvelope.Encode(stamp, Command(input).Encode());

    /// <exception cref="InvalidOperationException">The group found the command malformed: a bug of the test or of the encoding.</exception>
    public static KvOutput Output(KvInput input, KeyValueResult result)
    {
        if (result.Status == KeyValueStatus.Malformed)
        {
            throw new InvalidOperationException($"The group refused {input} as malformed: {result.Error}");
        }

        return input.Kind switch
        {
            KvOperationKind.Put => KvOutput.Done,
            KvOperationKind.Get => KvOutput.Read(result.Status == KeyValueStatus.Ok ? result.Value : null),
            KvOperationKind.Delete => KvOutput.Deleted(result.Status == KeyValueStatus.Ok),
            _ => KvOutput.CompareAndSet(result.Status == KeyValueStatus.Ok),
        };
    }
}
