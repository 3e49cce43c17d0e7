using Raft.Actors.Cluster;
using Raft.Actors.KeyValue;
using Raft.Actors.StateMachine.Sessions;
using Raft.Actors.TestKit.Linearizability;

namespace Raft.Tests.Processes;

/// <summary>The group through <see cref="KeyValueClient"/> over a <see cref="RaftGroupClient"/> in the test's actor system: reads by ReadIndex at the leader, writes with the caller's stamps.</summary>
internal sealed class ActorApiEndpoint(KeyValueClient client) : IKvEndpoint
{
    public async Task<KvAttempt> TryAsync(KvInput input, SessionStamp? stamp, int attempt)
    {
        try
        {
            var reply = await client.ExecuteAsync(KvCommands.Command(input), stamp);
            return KvAttempt.Answered(KvCommands.Output(input, reply.Result), reply.Index, input.Kind == KvOperationKind.Get ? null : reply.Term);
        }
        catch (SessionRejectedException ex)
        {
            return KvAttempt.Rejected(ex.Message);
        }
        catch (Exception ex) when (ex is TimeoutException or ReadFailedException or ProposalFailedException)
        {
            return KvAttempt.Failed(ex.Message);
        }
    }
}
