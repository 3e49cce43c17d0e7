namespace Raft.Actors.Cluster;

/// <summary>Proposals sent together in one ProposeBatch to one member; if accepted they take consecutive indexes.</summary>
internal sealed class ProposalBatch(PendingProposal[] proposals)
{
    /// <summary>What a command costs in a ProposeBatch besides its bytes (its length, a varint).</summary>
    public const int CommandOverheadBytes = 5;

    public PendingProposal[] Proposals { get; } = proposals;

    /// <summary>
    /// How many of <paramref name="queued"/> from <paramref name="start"/> go in one batch: at most
    /// <paramref name="maxCount"/> and <paramref name="maxBytes"/> (commands and their overhead), and at least one.
    /// </summary>
    public static int LengthFrom(IReadOnlyList<PendingProposal> queued, int start, int maxCount, int maxBytes)
    {
        var count = 0;
        long bytes = 0;
        while (start + count < queued.Count && count < maxCount)
        {
            bytes += queued[start + count].Command.Length + CommandOverheadBytes;
            if (count > 0 && bytes > maxBytes)
            {
                break;
            }

            count++;
        }

        return count;
    }

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
