using Akka.Actor;
using Akka.Persistence;
using Raft.Actors.Core;

namespace Raft.Tests.Persistence;

/// <summary>
/// Writes what a peer writes, under a peer's persistence id: batches of <see cref="JournalOperation"/> events, a
/// <see cref="JournalRecovery"/> as the storage snapshot, deletion of the events it covers. Answers each command
/// once it is durable (or with the failure).
/// </summary>
internal sealed class JournalWriter : UntypedPersistentActor
{
    private readonly string _persistenceId;
    private IActorRef _replyTo = ActorRefs.Nobody;

    public JournalWriter(string persistenceId, string journalPluginId, string snapshotPluginId)
    {
        _persistenceId = persistenceId;
        JournalPluginId = journalPluginId;
        SnapshotPluginId = snapshotPluginId;
    }

    public override string PersistenceId => _persistenceId;

    public static Props Props(string persistenceId, string journalPluginId, string snapshotPluginId) =>
        Akka.Actor.Props.Create(() => new JournalWriter(persistenceId, journalPluginId, snapshotPluginId));

    protected override void OnRecover(object message)
    {
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case Write write:
                var sender = Sender;
                PersistAll(write.Operations, _ => { });
                DeferAsync(write, _ => sender.Tell(new Written(LastSequenceNr)));
                break;
            case SaveRecovery save:
                _replyTo = Sender;
                SaveSnapshot(save.State);
                break;
            case SaveSnapshotSuccess saved:
                _replyTo.Tell(new Written(saved.Metadata.SequenceNr));
                break;
            case DeleteThrough delete:
                _replyTo = Sender;
                DeleteMessages(delete.SequenceNr);
                break;
            case DeleteMessagesSuccess deleted:
                _replyTo.Tell(new Written(deleted.ToSequenceNr));
                break;
            case SaveSnapshotFailure or DeleteMessagesFailure:
                _replyTo.Tell(message);
                break;
        }
    }

    /// <summary>Persists the operations as one atomic batch of events, as the peer's group commit does.</summary>
    public sealed record Write(params JournalOperation[] Operations);

    public sealed record SaveRecovery(JournalRecovery State);

    public sealed record DeleteThrough(long SequenceNr);

    /// <summary>Durable through <see cref="SequenceNr"/>.</summary>
    public sealed record Written(long SequenceNr);
}
