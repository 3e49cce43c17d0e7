using Akka.Actor;
using Akka.TestKit;
using Raft.Actors.Core;

namespace Raft.Actors.TestKit.Probes;

/// <summary>
/// One member's Akka.Persistence journal as a test sees it, by persistence id: write what a peer would have written
/// before that peer starts, and read back what is durable, through the same journal and snapshot plugins the peer
/// uses. Each call runs a short-lived persistent actor and blocks until it answers.
/// </summary>
/// <example>
/// <code>
/// var journal = new PeerJournal(this, RaftPeerSettings.PersistenceIdOf("orders", "n1"));
/// journal.Seed(new JournalRecovery(new HardState(5, "n2"), null, []));
/// // ... start the peer, let it vote ...
/// Assert.Equal(new HardState(6, "n3"), journal.Read().HardState);
/// </code>
/// </example>
public sealed class PeerJournal
{
    private readonly TestKitBase _testKit;
    private readonly JournalAddress _address;
    private readonly TimeSpan _timeout;

    /// <param name="testKit">The test, whose actor system holds the journal.</param>
    /// <param name="persistenceId">The member's persistence id (<see cref="Peer.RaftPeerSettings.PersistenceId"/>).</param>
    /// <param name="journalPluginId">The journal plugin the peer uses; null for the system's default.</param>
    /// <param name="snapshotPluginId">The snapshot store plugin the peer uses; null for the system's default.</param>
    /// <param name="timeout">How long a read or write may take; 10 seconds (dilated) by default.</param>
    public PeerJournal(TestKitBase testKit, string persistenceId, string? journalPluginId = null, string? snapshotPluginId = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(testKit);
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        _testKit = testKit;
        _address = new JournalAddress(persistenceId, journalPluginId, snapshotPluginId);
        _timeout = testKit.Dilated(timeout ?? TimeSpan.FromSeconds(10));
    }

    public string PersistenceId => _address.PersistenceId;

    /// <summary>
    /// Writes events that recover to exactly <paramref name="state"/>: its snapshot, its entries, then its hard state,
    /// as a peer would have journaled them.
    /// </summary>
    public void Seed(JournalRecovery state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var events = new List<JournalOperation>();
        if (state.Snapshot is { } snapshot)
        {
            events.Add(new JournalOperation.SaveSnapshot(snapshot));
        }

        if (state.Entries.Count > 0)
        {
            events.Add(new JournalOperation.Append([.. state.Entries]));
        }

        events.Add(new JournalOperation.SaveHardState(state.HardState));
        Write(events);
    }

    /// <summary>Appends <paramref name="events"/> after the events already journaled, in one batch.</summary>
    public void Write(IReadOnlyList<JournalOperation> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        Run("writing events to", replyTo => JournalWriter.Props(_address, replyTo, events));
    }

    /// <summary>
    /// Saves <paramref name="state"/> as the storage snapshot a peer saves after a Raft snapshot; recovery starts from
    /// it and replays only the events written after it.
    /// </summary>
    public void SaveStorageSnapshot(JournalRecovery state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Run("saving a storage snapshot to", replyTo => StorageSnapshotWriter.Props(_address, replyTo, state));
    }

    /// <summary>What a peer starting now would recover: the durable hard state, snapshot and entries.</summary>
    public JournalRecovery Read() => ReadContents().Recovery;

    /// <summary>The events recovery replays, in order: those written after the newest storage snapshot.</summary>
    public IReadOnlyList<JournalOperation> ReadEvents() => ReadContents().Events;

    private JournalReader.Contents ReadContents() =>
        (JournalReader.Contents)Run("reading", replyTo => JournalReader.Props(_address, replyTo));

    private object Run(string doing, Func<IActorRef, Props> props)
    {
        var replyTo = _testKit.CreateTestProbe();
        try
        {
            _testKit.Sys.ActorOf(props(replyTo.Ref));
            var reply = replyTo.ReceiveOne(_timeout)
                ?? throw new TimeoutException($"No answer within {_timeout.TotalSeconds} s {doing} the journal of '{PersistenceId}'.");
            return reply is Status.Failure failure
                ? throw new InvalidOperationException($"Failed {doing} the journal of '{PersistenceId}': {failure.Cause.Message}", failure.Cause)
                : reply;
        }
        finally
        {
            _testKit.Sys.Stop(replyTo.Ref);
        }
    }
}
