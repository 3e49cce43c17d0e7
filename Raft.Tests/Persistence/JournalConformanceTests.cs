using Raft.Actors.Core;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;
using Raft.Tests.Serialization;
using Xunit.Abstractions;
using Op = Raft.Actors.Core.JournalOperation;

namespace Raft.Tests.Persistence;

/// <summary>
/// What every journal must give back: the events a peer writes under its persistence id go in through the plugin
/// (and so through the Raft serializer), and recovery rebuilds the <see cref="JournalRecovery"/> the peer would start from.
/// </summary>
public sealed class JournalConformanceTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(JournalKind.All), MemberType = typeof(JournalKind))]
    public void A_member_that_never_wrote_recovers_empty(string kind)
    {
        using var storage = TestStorage.Create(kind);
        using var kit = new JournalKit(storage, output);

        var recovered = kit.Recover(PersistenceId());

        RecoveryAssert.Equal(JournalRecovery.Empty, recovered.State);
        Assert.Equal(0, recovered.SequenceNr);
    }

    [Theory]
    [MemberData(nameof(JournalKind.All), MemberType = typeof(JournalKind))]
    public void Hard_state_and_appended_batches_recover_in_order(string kind)
    {
        using var storage = TestStorage.Create(kind);
        using var kit = new JournalKit(storage, output);
        var id = PersistenceId();
        var writer = kit.Writer(id);
        LogEntry[] entries = [LogEntry.NoOp(1, 1), .. SerializerSamples.Entries(2, 5, 1), LogEntry.NoOp(7, 2), .. SerializerSamples.Entries(8, 3, 2, commandLength: 0)];

        kit.Write(writer, new Op.SaveHardState(new HardState(1, "a")), new Op.Append(entries[..1]));
        kit.Write(writer, new Op.Append(entries[1..6]));
        kit.Write(writer, new Op.SaveHardState(new HardState(2, null)), new Op.SaveHardState(new HardState(2, "b")), new Op.Append(entries[6..]));

        var recovered = kit.Recover(id);
        RecoveryAssert.Equal(new JournalRecovery(new HardState(2, "b"), null, entries), recovered.State);
        Assert.Equal(6, recovered.SequenceNr);
    }

    [Theory]
    [MemberData(nameof(JournalKind.All), MemberType = typeof(JournalKind))]
    public void A_truncation_and_the_entries_after_it_recover_as_the_new_suffix(string kind)
    {
        using var storage = TestStorage.Create(kind);
        using var kit = new JournalKit(storage, output);
        var id = PersistenceId();
        var writer = kit.Writer(id);
        var old = SerializerSamples.Entries(1, 6, 1);
        var replacement = SerializerSamples.Entries(4, 2, 3);

        kit.Write(writer, new Op.Append(old));
        kit.Write(writer, new Op.SaveHardState(new HardState(3, "c")), new Op.TruncateFrom(4), new Op.Append(replacement));
        kit.Write(writer, new Op.TruncateFrom(6));

        RecoveryAssert.Equal(new JournalRecovery(new HardState(3, "c"), null, [.. old[..3], .. replacement]), kit.Recover(id).State);
    }

    [Theory]
    [MemberData(nameof(JournalKind.All), MemberType = typeof(JournalKind))]
    public void A_Raft_snapshot_replaces_the_entries_it_covers(string kind)
    {
        using var storage = TestStorage.Create(kind);
        using var kit = new JournalKit(storage, output);
        var id = PersistenceId();
        var writer = kit.Writer(id);
        var entries = SerializerSamples.Entries(1, 10, 2);
        var snapshot = new SnapshotRecord(6, 2, [1, 2, 3, 4, 5]);

        kit.Write(writer, new Op.Append(entries));
        kit.Write(writer, new Op.SaveSnapshot(snapshot));

        RecoveryAssert.Equal(new JournalRecovery(HardState.Initial, snapshot, entries[6..]), kit.Recover(id).State);
    }

    [Theory]
    [MemberData(nameof(JournalKind.All), MemberType = typeof(JournalKind))]
    public void The_storage_snapshot_and_the_events_after_it_recover_once_older_events_are_deleted(string kind)
    {
        using var storage = TestStorage.Create(kind);
        using var kit = new JournalKit(storage, output);
        var id = PersistenceId();
        var writer = kit.Writer(id);
        var entries = SerializerSamples.Entries(1, 30, 4);
        var raftSnapshot = new SnapshotRecord(20, 4, [7, 7, 7]);
        kit.Write(writer, new Op.SaveHardState(new HardState(4, "a")), new Op.Append(entries[..25]));
        var compactedThrough = kit.Write(writer, new Op.SaveSnapshot(raftSnapshot));

        // What the peer saves after a Raft snapshot, then the events it no longer needs go.
        kit.SaveRecovery(writer, new JournalRecovery(new HardState(4, "a"), raftSnapshot, entries[20..25]));
        kit.DeleteThrough(writer, compactedThrough);
        kit.Write(writer, new Op.Append(entries[25..]));

        var recovered = kit.Recover(id);
        RecoveryAssert.Equal(new JournalRecovery(new HardState(4, "a"), raftSnapshot, entries[20..]), recovered.State);
        Assert.Equal(1, recovered.EventsReplayed);
        Assert.Equal(compactedThrough + 1, recovered.SequenceNr);
    }

    [Theory]
    [MemberData(nameof(JournalKind.All), MemberType = typeof(JournalKind))]
    public void A_batch_of_ten_thousand_entries_is_one_event_and_recovers_whole(string kind)
    {
        using var storage = TestStorage.Create(kind);
        using var kit = new JournalKit(storage, output);
        var id = PersistenceId();
        var entries = SerializerSamples.Entries(1, 10_000, 1);

        var sequenceNr = kit.Write(kit.Writer(id), new Op.Append(entries));

        Assert.Equal(1, sequenceNr);
        RecoveryAssert.Equal(new JournalRecovery(HardState.Initial, null, entries), kit.Recover(id).State);
    }

    [Theory]
    [MemberData(nameof(JournalKind.All), MemberType = typeof(JournalKind))]
    public void Members_sharing_a_storage_each_recover_only_their_own_events(string kind)
    {
        using var storage = TestStorage.Create(kind);
        using var kit = new JournalKit(storage, output);
        var cluster = TestStorage.UniqueClusterId("shared");
        var a = RaftPeerSettings.PersistenceIdOf(cluster, "a");
        var b = RaftPeerSettings.PersistenceIdOf(cluster, "b");
        var writerA = kit.Writer(a);
        var writerB = kit.Writer(b);

        kit.Write(writerA, new Op.SaveHardState(new HardState(1, "a")), new Op.Append(SerializerSamples.Entries(1, 3, 1)));
        kit.Write(writerB, new Op.SaveHardState(new HardState(1, "a")), new Op.Append(SerializerSamples.Entries(1, 2, 1, commandLength: 7)));
        kit.Write(writerA, new Op.Append(SerializerSamples.Entries(4, 1, 1)));

        RecoveryAssert.Equal(new JournalRecovery(new HardState(1, "a"), null, SerializerSamples.Entries(1, 4, 1)), kit.Recover(a).State);
        RecoveryAssert.Equal(new JournalRecovery(new HardState(1, "a"), null, SerializerSamples.Entries(1, 2, 1, commandLength: 7)), kit.Recover(b).State);
    }

    [Theory]
    [MemberData(nameof(JournalKind.Durable), MemberType = typeof(JournalKind))]
    public void Everything_written_recovers_in_a_new_actor_system_after_the_storage_is_reopened(string kind)
    {
        using var storage = TestStorage.Create(kind);
        var id = PersistenceId();
        var entries = SerializerSamples.Entries(1, 40, 3);
        var snapshot = new SnapshotRecord(10, 3, [3, 1, 4]);
        using (var kit = new JournalKit(storage, output))
        {
            var writer = kit.Writer(id);
            kit.Write(writer, new Op.SaveHardState(new HardState(3, "z")), new Op.Append(entries[..30]));
            var through = kit.Write(writer, new Op.SaveSnapshot(snapshot));
            kit.SaveRecovery(writer, new JournalRecovery(new HardState(3, "z"), snapshot, entries[10..30]));
            kit.DeleteThrough(writer, through);
            kit.Write(writer, new Op.Append(entries[30..]));
        }

        storage.Reopen();
        using var restarted = new JournalKit(storage, output);

        RecoveryAssert.Equal(new JournalRecovery(new HardState(3, "z"), snapshot, entries[10..]), restarted.Recover(id).State);
    }

    private static string PersistenceId() => RaftPeerSettings.PersistenceIdOf(TestStorage.UniqueClusterId("conformance"), "m");
}
