using Akka.Actor;
using Akka.Persistence;
using Raft.Actors.Core;
using Raft.Actors.Persistence;

namespace Raft.Tests.Persistence;

/// <summary>
/// Recovers a persistence id the way <c>RaftPeer.OnRecover</c> does (the storage snapshot into a
/// <see cref="JournalReplay"/>, then each event) and tells <c>reportTo</c> the <see cref="Recovered"/> state, or the
/// <see cref="RecoveryFailed"/> reason. It only reads: it writes nothing, so reading does not change what is read.
/// </summary>
internal sealed class RecoveryReader : UntypedPersistentActor
{
    private readonly string _persistenceId;
    private readonly IActorRef _reportTo;
    private readonly JournalReplay _replay;
    private int _events;

    public RecoveryReader(string persistenceId, string journalPluginId, string snapshotPluginId, IActorRef reportTo)
    {
        _persistenceId = persistenceId;
        _reportTo = reportTo;
        _replay = new JournalReplay(persistenceId);
        JournalPluginId = journalPluginId;
        SnapshotPluginId = snapshotPluginId;
    }

    public override string PersistenceId => _persistenceId;

    public static Props Props(string persistenceId, string journalPluginId, string snapshotPluginId, IActorRef reportTo) =>
        Akka.Actor.Props.Create(() => new RecoveryReader(persistenceId, journalPluginId, snapshotPluginId, reportTo));

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: JournalRecovery state }:
                _replay.Restore(state);
                break;
            case JournalOperation operation:
                _events++;
                _replay.Apply(operation, LastSequenceNr);
                break;
            case RecoveryCompleted:
                _reportTo.Tell(new Recovered(_replay.ToRecovery(), LastSequenceNr, _events));
                Context.Stop(Self);
                break;
        }
    }

    protected override void OnCommand(object message)
    {
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _reportTo.Tell(new RecoveryFailed(reason, LastSequenceNr));
        base.OnRecoveryFailure(reason, message);
    }

    /// <summary>What was recovered, the last sequence number, and how many events were replayed after the snapshot.</summary>
    public sealed record Recovered(JournalRecovery State, long SequenceNr, int EventsReplayed);

    public sealed record RecoveryFailed(Exception Reason, long SequenceNr);
}
