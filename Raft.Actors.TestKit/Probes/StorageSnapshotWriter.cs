using Akka.Actor;
using Akka.Persistence;
using Raft.Actors.Core;

namespace Raft.Actors.TestKit.Probes;

/// <summary>
/// Saves a <see cref="JournalRecovery"/> as a member's storage snapshot, at the journal's current sequence number,
/// as its peer does after a Raft snapshot. Answers <see cref="Status.Success"/> once it is saved, or
/// <see cref="Status.Failure"/>, and stops.
/// </summary>
internal sealed class StorageSnapshotWriter : UntypedPersistentActor
{
    private readonly JournalAddress _address;
    private readonly IActorRef _replyTo;
    private readonly JournalRecovery _state;

    public StorageSnapshotWriter(JournalAddress address, IActorRef replyTo, JournalRecovery state)
    {
        _address = address;
        _replyTo = replyTo;
        _state = state;
        JournalPluginId = address.JournalPluginId;
        SnapshotPluginId = address.SnapshotPluginId;
    }

    public override string PersistenceId => _address.PersistenceId;

    public static Props Props(JournalAddress address, IActorRef replyTo, JournalRecovery state) =>
        Akka.Actor.Props.Create(() => new StorageSnapshotWriter(address, replyTo, state));

    protected override void OnRecover(object message)
    {
        if (message is RecoveryCompleted)
        {
            SaveSnapshot(_state);
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case SaveSnapshotSuccess:
                Done(new Status.Success(null));
                break;
            case SaveSnapshotFailure failed:
                Done(new Status.Failure(failed.Cause));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _replyTo.Tell(new Status.Failure(reason));
        base.OnRecoveryFailure(reason, message);
    }

    private void Done(Status status)
    {
        _replyTo.Tell(status);
        Context.Stop(Self);
    }
}
