using Raft.Actors.StateMachine;

namespace Raft.Tests.Peer;

/// <summary>Answers every command with a result of <paramref name="resultBytes"/> bytes, each filled with its index's low byte.</summary>
internal sealed class LargeResultStateMachine(int resultBytes) : IStateMachine
{
    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        var result = new byte[resultBytes];
        Array.Fill(result, (byte)index);
        return result;
    }

    public byte[] TakeSnapshot() => [];

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
    }
}
