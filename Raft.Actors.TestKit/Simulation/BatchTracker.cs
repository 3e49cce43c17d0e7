using Raft.Actors.Protocol;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>Stands in for a client that proposed several commands in one <see cref="ClientProtocol.ProposeBatch"/>: records every answer in order.</summary>
public sealed class BatchTracker(string memberId, byte[][] commands) : ISimulatedClient
{
    private readonly List<object> _results = [];

    public string MemberId { get; } = memberId;

    public IReadOnlyList<byte[]> Commands { get; } = commands;

    public ClientProtocol.BatchAccepted? Accepted { get; private set; }

    public ClientProtocol.NotLeader? NotLeader { get; private set; }

    /// <summary>The <see cref="ClientProtocol.ProposalApplied"/>, <see cref="ClientProtocol.ProposalsApplied"/> and <see cref="ClientProtocol.ProposalFailed"/> messages, as they arrived.</summary>
    public IReadOnlyList<object> Results => _results;

    /// <summary>Every command's outcome, flattened in arrival order.</summary>
    public IEnumerable<ClientProtocol.ProposalApplied> Applied =>
        _results.SelectMany(r => r switch
        {
            ClientProtocol.ProposalApplied one => [one],
            ClientProtocol.ProposalsApplied many => many.Results,
            _ => Array.Empty<ClientProtocol.ProposalApplied>(),
        });

    public bool AnyFailed => _results.Any(r => r is ClientProtocol.ProposalFailed);

    public void Receive(object message)
    {
        switch (message)
        {
            case ClientProtocol.BatchAccepted accepted:
                Accepted = accepted;
                break;
            case ClientProtocol.NotLeader notLeader:
                NotLeader = notLeader;
                break;
            case ClientProtocol.ProposalApplied or ClientProtocol.ProposalsApplied or ClientProtocol.ProposalFailed:
                _results.Add(message);
                break;
            default:
                throw new InvalidOperationException($"The client of a batch proposed to '{MemberId}' was sent {message}.");
        }
    }
}
