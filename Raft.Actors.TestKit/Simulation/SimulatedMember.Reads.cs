using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Actors.StateMachine;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>
/// Linearizable reads, as the actor serves them: the node confirms a read (ReadIndex or lease, with the virtual time
/// as its clock); the applier answers it once the state machine has applied through the read index.
/// </summary>
public sealed partial class SimulatedMember
{
    private readonly Dictionary<long, ReadInput> _reads = [];
    private readonly PriorityQueue<ServeReads, long> _readsToServe = new();
    private long _lastReadId;

    /// <summary>A client's read (<see cref="ClientProtocol.Read"/>); it arrives as the member's next input at this virtual time.</summary>
    internal void Read(ISimulatedClient client, byte[] query) => Schedule(new ReadInput(client, query));

    private void OnRead(ReadInput read)
    {
        var readId = ++_lastReadId;
        _reads[readId] = read;
        _node.Read(readId, _simulator.Now);
    }

    private void OnReadsReady(RaftEffect.ReadsReady ready)
    {
        var reads = new ReadInput[ready.ReadIds.Length];
        for (var i = 0; i < reads.Length; i++)
        {
            _reads.Remove(ready.ReadIds[i], out reads[i]!);
        }

        ToApplier(new ServeReads(ready.ReadIndex, reads));
    }

    private void OnReadsFailed(RaftEffect.ReadsFailed failed)
    {
        foreach (var readId in failed.ReadIds)
        {
            if (_reads.Remove(readId, out var read))
            {
                read.Client.Receive(new ClientProtocol.ReadFailed(failed.Reason, failed.LeaderId, failed.Detail));
            }
        }
    }

    /// <summary>The applier answers every read whose read index the state machine has reached.</summary>
    private void ServeDueReads()
    {
        while (_readsToServe.TryPeek(out var serve, out var readIndex) && readIndex <= _driver.LastApplied)
        {
            _readsToServe.Dequeue();
            foreach (var read in serve.Reads)
            {
                read.Client.Receive(Answer(read.Query, readIndex));
            }
        }
    }

    private object Answer(byte[] query, long readIndex)
    {
        try
        {
            return new ClientProtocol.ReadResult(readIndex, _driver.Query(query));
        }
        catch (StateMachineFailedException failure)
        {
            return new ClientProtocol.ReadFailed(ClientProtocol.ReadFailureReason.QueryFailed, null, failure.Message);
        }
    }

    /// <summary>The process died: every read not answered hears so, as from the actor's and its applier's PostStop.</summary>
    private void FailPendingReads()
    {
        var stopped = new ClientProtocol.ReadFailed(ClientProtocol.ReadFailureReason.Stopped, null, $"member '{MemberId}' stopped before it answered the read");
        foreach (var read in _reads.Values.Concat(_readsToServe.UnorderedItems.SelectMany(r => r.Element.Reads)))
        {
            read.Client.Receive(stopped);
        }

        _reads.Clear();
        _readsToServe.Clear();
    }

    /// <summary>A client's read.</summary>
    private sealed record ReadInput(ISimulatedClient Client, byte[] Query)
    {
        public override string ToString() => $"Read {{ {Query.Length} bytes }}";
    }

    /// <summary>Reads the applier answers once the state machine has applied through <see cref="ReadIndex"/>.</summary>
    private sealed record ServeReads(long ReadIndex, ReadInput[] Reads)
    {
        public override string ToString() => $"ServeReads {{ {Reads.Length} reads at {ReadIndex} }}";
    }
}
