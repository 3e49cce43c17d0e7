using Akka.Actor;
using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Actors.Peer;

/// <summary>
/// Linearizable reads: the node confirms them (ReadIndex or lease, thesis §6.4); the applier answers each once the
/// state machine has applied through its read index. Any role takes a read; a follower asks its leader for the index.
/// </summary>
public sealed partial class RaftPeer
{
    private readonly Dictionary<long, ApplierProtocol.ReadRequest> _reads = [];
    private long _lastReadId;

    private void OnRead(ClientProtocol.Read read)
    {
        var readId = ++_lastReadId;
        _reads[readId] = new ApplierProtocol.ReadRequest(Sender, read.Query);
        _node.Read(readId, _settings.Time.GetElapsedTime(0));
    }

    private void OnReadsReady(RaftEffect.ReadsReady ready)
    {
        var requests = new ApplierProtocol.ReadRequest[ready.ReadIds.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            _reads.Remove(ready.ReadIds[i], out requests[i]!);
        }

        _applier.Tell(new ApplierProtocol.ServeReads(ready.ReadIndex, requests));
    }

    private void OnReadsFailed(RaftEffect.ReadsFailed failed)
    {
        foreach (var readId in failed.ReadIds)
        {
            if (_reads.Remove(readId, out var request))
            {
                request.Reader.Tell(new ClientProtocol.ReadFailed(failed.Reason, failed.LeaderId, failed.Detail));
            }
        }
    }

    /// <summary>Reads not yet handed to the applier hear that the member stopped (the applier answers its own).</summary>
    private void FailPendingReads()
    {
        foreach (var request in _reads.Values)
        {
            request.Reader.Tell(new ClientProtocol.ReadFailed(ClientProtocol.ReadFailureReason.Stopped, null, $"member '{_settings.MemberId}' stopped before the read was confirmed"));
        }

        _reads.Clear();
    }
}
