namespace Raft.Actors.Cluster;

/// <summary>Proposals sent together in one ProposeBatch to one member; if accepted they take consecutive indexes.</summary>
internal sealed class ProposalBatch(PendingProposal[] proposals)
{
    public PendingProposal[] Proposals { get; } = proposals;

    public byte[][] Commands()
    {
        var commands = new byte[Proposals.Length][];
        for (var i = 0; i < commands.Length; i++)
        {
            commands[i] = Proposals[i].Command;
        }

        return commands;
    }
}
