using Raft.Actors.Persistence;

namespace Raft.Actors.Embedding;

/// <summary>
/// One incarnation's view of a member's journal. Stopping a peer is asynchronous (its journal actor may be in the
/// middle of a write), so before a new incarnation loads the journal the old view is closed: <see cref="Close"/>
/// waits for a write in progress and makes every later call fail. The journal itself belongs to the group and
/// outlives its views, so <see cref="Dispose"/> (called by the journal actor when it stops) leaves it open.
/// </summary>
internal sealed class FencedJournal(IRaftJournal journal, string memberId, int incarnation) : IRaftJournal
{
    private readonly object _gate = new();
    private bool _closed;

    public string Location => journal.Location;

    public JournalRecovery Load()
    {
        lock (_gate)
        {
            ThrowIfClosed();
            return journal.Load();
        }
    }

    public void Write(IReadOnlyList<JournalOperation> operations)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            journal.Write(operations);
        }
    }

    /// <summary>Returns once no call is in progress; every later call throws.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    public void Dispose()
    {
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new IncarnationStoppedException(memberId, incarnation, "journal");
        }
    }
}
