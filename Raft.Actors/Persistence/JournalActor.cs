using Raft.Actors.Actors;

namespace Raft.Actors.Persistence;

/// <summary>
/// Writes a peer's journal off the peer's thread, with group commit: every write that queued up while the
/// previous batch was syncing goes into the next transaction, so a burst costs one sync, not one per write.
/// A <paramref name="batchDelay"/> above zero holds each batch that long first (the simulation uses it as
/// the virtual time a sync takes, so a crash can fall between a write and its acknowledgement).
/// </summary>
public sealed class JournalActor(IRaftJournal journal, TimeSpan batchDelay) : ActorBase
{
    private const string SyncTimer = "sync";
    private readonly List<JournalOperation> _pending = [];
    private long _pendingSequence;
    private IActorRef? _owner;

    // A durable journal's write blocks for the sync; only the simulation (which ignores this) uses a batch delay.
    protected internal override bool NeedsOwnThread => true;

    protected override void Receive(object message)
    {
        switch (message)
        {
            case JournalProtocol.Write write:
                _pending.AddRange(write.Operations);
                _pendingSequence = write.Sequence;
                _owner = Sender;
                break;
            case FlushNow:
                Flush();
                break;
        }
    }

    protected override void OnMailboxDrained()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        if (batchDelay <= TimeSpan.Zero)
        {
            Flush();
        }
        else if (!Timers.IsTimerActive(SyncTimer))
        {
            Timers.StartSingleTimer(SyncTimer, FlushNow.Instance, batchDelay);
        }
    }

    protected override void PostStop() => journal.Dispose();

    private void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        try
        {
            journal.Write(_pending);
        }
        catch (Exception ex)
        {
            _owner?.Tell(new JournalProtocol.WriteFailed(_pendingSequence, ex), Self);
            Context.StopSelf();
            return;
        }

        _pending.Clear();
        _owner?.Tell(new JournalProtocol.Written(_pendingSequence), Self);
    }

    private sealed class FlushNow
    {
        public static readonly FlushNow Instance = new();
    }
}
