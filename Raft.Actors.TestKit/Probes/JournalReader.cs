using Akka.Actor;
using Akka.Persistence;
using Raft.Actors.Core;
using Raft.Actors.Persistence;

namespace Raft.Actors.TestKit.Probes;

/// <summary>
/// Recovers a member's journal exactly as its peer would (the newest storage snapshot, then the events after it,
/// through <see cref="JournalReplay"/>), answers with <see cref="Contents"/>, or a <see cref="Status.Failure"/> if
/// recovery fails, and stops. It only reads, so it may run beside the peer that owns the journal.
/// </summary>
internal sealed class JournalReader : UntypedPersistentActor
{
    private readonly JournalAddress _address;
    private readonly IActorRef _replyTo;
    private readonly JournalReplay _replay;
    private readonly List<JournalOperation> _events = [];

    public JournalReader(JournalAddress address, IActorRef replyTo)
    {
        _address = address;
        _replyTo = replyTo;
        _replay = new JournalReplay(address.PersistenceId);
        JournalPluginId = address.JournalPluginId;
        SnapshotPluginId = address.SnapshotPluginId;
    }

    public override string PersistenceId => _address.PersistenceId;

    public static Props Props(JournalAddress address, IActorRef replyTo) =>
        Akka.Actor.Props.Create(() => new JournalReader(address, replyTo));

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case RecoveryCompleted:
                _replyTo.Tell(new Contents(_replay.ToRecovery(), _events));
                Context.Stop(Self);
                break;
            default:
                // Exactly as the peer recovers, so what it reads is what the peer would start from.
                _replay.Recover(message, LastSequenceNr);
                if (message is JournalOperation operation)
                {
                    _events.Add(operation);
                }

                break;
        }
    }

    protected override void OnCommand(object message) => Unhandled(message);

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _replyTo.Tell(new Status.Failure(reason));
        base.OnRecoveryFailure(reason, message);
    }

    /// <summary>What recovery yields, and the events it replayed after the storage snapshot, in order.</summary>
    public sealed record Contents(JournalRecovery Recovery, IReadOnlyList<JournalOperation> Events);
}
