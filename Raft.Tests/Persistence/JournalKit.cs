using Akka.Actor;
using Akka.Configuration;
using Raft.Actors.Core;
using Raft.Actors.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

/// <summary>
/// An Akka.TestKit actor system on a test storage, with the steps the persistence tests repeat: write events under
/// a persistence id, recover them as the peer does. Several kits may use one storage one after the other, as
/// restarts of a node do.
/// </summary>
internal sealed class JournalKit(RaftStorage storage, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(storage.AddTo(BootstrapSetup.Create().WithConfig(TestConfig)), "journal", output)
{
    /// <summary>Journal round trips on a loaded two-core machine can take seconds; this is far beyond them.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly Config TestConfig = ConfigurationFactory.ParseString("akka.loglevel = INFO");

    public JournalKit(TestStorage storage, ITestOutputHelper output)
        : this(storage.Storage, output)
    {
    }

    public RaftStorage Storage { get; } = storage;

    public IActorRef Writer(string persistenceId) =>
        Sys.ActorOf(JournalWriter.Props(persistenceId, Storage.JournalPluginId, Storage.SnapshotPluginId));

    /// <summary>Persists the operations as one batch; returns the last sequence number once durable.</summary>
    public long Write(IActorRef writer, params JournalOperation[] operations) =>
        Ask(writer, new JournalWriter.Write(operations));

    public long SaveRecovery(IActorRef writer, JournalRecovery state) => Ask(writer, new JournalWriter.SaveRecovery(state));

    public long DeleteThrough(IActorRef writer, long sequenceNr) => Ask(writer, new JournalWriter.DeleteThrough(sequenceNr));

    /// <summary>Recovers <paramref name="persistenceId"/> as a peer would, in a new actor.</summary>
    public RecoveryReader.Recovered Recover(string persistenceId)
    {
        var probe = CreateTestProbe();
        Sys.ActorOf(RecoveryReader.Props(persistenceId, Storage.JournalPluginId, Storage.SnapshotPluginId, probe.Ref));
        var result = probe.ExpectMsg<object>(Patience);
        return result as RecoveryReader.Recovered
            ?? throw new Xunit.Sdk.XunitException($"Recovering {persistenceId} from the {Storage.Kind} journal failed: {result}");
    }

    /// <summary>Recovers <paramref name="persistenceId"/>, expecting it to fail.</summary>
    public RecoveryReader.RecoveryFailed RecoverExpectingFailure(string persistenceId)
    {
        var probe = CreateTestProbe();
        Sys.ActorOf(RecoveryReader.Props(persistenceId, Storage.JournalPluginId, Storage.SnapshotPluginId, probe.Ref));
        return probe.ExpectMsg<RecoveryReader.RecoveryFailed>(Patience);
    }

    private long Ask(IActorRef writer, object command)
    {
        var probe = CreateTestProbe();
        writer.Tell(command, probe.Ref);
        var answer = probe.ExpectMsg<object>(Patience);
        return answer is JournalWriter.Written written
            ? written.SequenceNr
            : throw new Xunit.Sdk.XunitException($"{command} on the {Storage.Kind} journal failed: {answer}");
    }
}
