using Akka.Actor;
using Akka.Persistence;

namespace Raft.Benchmarks.Journals;

/// <summary>
/// Writes events under a persistence id, as its owner would: each <see cref="Write"/> is persisted as one atomic
/// batch and answered with <see cref="Written"/> once durable, so the caller can keep one write outstanding, as a
/// member's group commit does. Its owner must not run meanwhile: two writers of one persistence id corrupt it.
/// </summary>
internal sealed class JournalWriter : UntypedPersistentActor
{
    private readonly string _persistenceId;
    private IActorRef _waiting = ActorRefs.Nobody;

    public JournalWriter(string persistenceId, string journalPluginId)
    {
        _persistenceId = persistenceId;
        JournalPluginId = journalPluginId;
    }

    public override string PersistenceId => _persistenceId;

    public static Props Props(string persistenceId, string journalPluginId) =>
        Akka.Actor.Props.Create(() => new JournalWriter(persistenceId, journalPluginId));

    protected override void OnRecover(object message)
    {
        // Whatever is there already stays; the writer appends after it.
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case Write write:
                _waiting = Sender;
                PersistAll(write.Events, _ => { });
                DeferAsync(write, _ => _waiting.Tell(new Written(LastSequenceNr)));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    // The writer stops after a failed write; its caller hears why instead of waiting for an answer that never comes.
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _waiting.Tell(new Status.Failure(cause));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _waiting.Tell(new Status.Failure(cause));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    /// <summary>Events to persist in one batch.</summary>
    public sealed record Write(IReadOnlyList<object> Events);

    /// <summary>The batch is durable; <see cref="SequenceNr"/> is the last event's.</summary>
    public sealed record Written(long SequenceNr);
}
