using Akka.Actor;
using Akka.Persistence;
using Raft.Actors.Core;
using Raft.Actors.Persistence;

namespace Raft.Tests.Persistence;

/// <summary>
/// Recovers a persistence id through <see cref="JournalReplay.Recover"/>, as <c>RaftPeer</c> does (the storage
/// snapshot, then each event) and tells <c>reportTo</c> the <see cref="Recovered"/> state, or the
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
        if (message is RecoveryCompleted)
        {
            _reportTo.Tell(new Recovered(_replay.ToRecovery(), LastSequenceNr, _events));
            Context.Stop(Self);
            return;
        }

        // The peer's own recovery step, so what this reads is exactly what a starting peer would rebuild.
        _replay.Recover(message, LastSequenceNr);
        if (message is JournalOperation)
        {
            _events++;
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
