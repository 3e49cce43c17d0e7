using Akka.Actor;
using Akka.Persistence;
using Raft.Actors.Core;

namespace Raft.Actors.TestKit.Probes;

/// <summary>
/// Appends <see cref="JournalOperation"/> events to a member's journal, after those already there, as its peer
/// would have written them. Answers <see cref="Status.Success"/> once they are durable, or <see cref="Status.Failure"/>, and stops.
/// </summary>
internal sealed class JournalWriter : UntypedPersistentActor
{
    private readonly JournalAddress _address;
    private readonly IActorRef _replyTo;
    private readonly IReadOnlyList<JournalOperation> _events;
    private int _written;

    public JournalWriter(JournalAddress address, IActorRef replyTo, IReadOnlyList<JournalOperation> events)
    {
        _address = address;
        _replyTo = replyTo;
        _events = events;
        JournalPluginId = address.JournalPluginId;
        SnapshotPluginId = address.SnapshotPluginId;
    }

    public override string PersistenceId => _address.PersistenceId;

    public static Props Props(JournalAddress address, IActorRef replyTo, IReadOnlyList<JournalOperation> events) =>
        Akka.Actor.Props.Create(() => new JournalWriter(address, replyTo, events));

    protected override void OnRecover(object message)
    {
        // What is already there only moves LastSequenceNr on, so the new events follow it.
        if (message is not RecoveryCompleted)
        {
            return;
        }

        if (_events.Count == 0)
        {
            Done(new Status.Success(null));
            return;
        }

        PersistAll(_events, _ =>
        {
            if (++_written == _events.Count)
            {
                Done(new Status.Success(null));
            }
        });
    }

    protected override void OnCommand(object message) => Unhandled(message);

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _replyTo.Tell(new Status.Failure(reason));
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _replyTo.Tell(new Status.Failure(cause));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) => Done(new Status.Failure(cause));

    private void Done(Status status)
    {
        _replyTo.Tell(status);
        Context.Stop(Self);
    }
}
