namespace Raft.Actors.Cluster;

/// <summary>
/// The proposals between a caller and the dispatcher's answer, shared by both: the client admits a proposal before
/// telling the dispatcher, so when the dispatcher stops, every admitted proposal is failed, including those whose
/// message was still in its mailbox; once closed, nothing more is admitted.
/// </summary>
internal sealed class ProposalGate
{
    private readonly object _lock = new();
    private readonly HashSet<PendingProposal> _open = [];
    private bool _closed;

    public bool TryAdmit(PendingProposal proposal)
    {
        lock (_lock)
        {
            return !_closed && _open.Add(proposal);
        }
    }

    public void Remove(PendingProposal proposal)
    {
        lock (_lock)
        {
            _open.Remove(proposal);
        }
    }

    /// <summary>Admits nothing more and returns every proposal still open.</summary>
    public List<PendingProposal> Close()
    {
        lock (_lock)
        {
            _closed = true;
            var open = _open.ToList();
            _open.Clear();
            return open;
        }
    }
}
