using Akka.Serialization;
using Raft.Actors.Configuration;
using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Actors.Serialization;
using Xunit.Abstractions;

namespace Raft.Tests.Serialization;

/// <summary>The serializer as Akka finds it through the library's HOCON: bindings, round trips, compactness.</summary>
public sealed class RaftSerializerTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(RaftConfig.Default, output: output)
{
    public static TheoryData<int> SampleIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < SerializerSamples.All().Count(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Every_Raft_message_and_journal_record_is_bound_to_the_Raft_serializer(int sample)
    {
        var value = SerializerSamples.All().ElementAt(sample);

        var serializer = Sys.Serialization.FindSerializerFor(value);

        Assert.IsType<RaftSerializer>(serializer);
        Assert.Equal(RaftSerializer.Id, serializer.Identifier);
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Every_sample_survives_a_round_trip_through_Akka_serialization(int sample)
    {
        var value = SerializerSamples.All().ElementAt(sample);
        var serializer = Sys.Serialization.FindSerializerFor(value);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, value);

        var bytes = serializer.ToBinary(value);
        var copy = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.Null(Equivalence.Difference(value, copy));
        Assert.Equal(RaftSerializer.FormatVersion, bytes[0]);
    }

    [Fact]
    public void Manifests_are_short_and_distinct()
    {
        var serializer = Serializer();
        var manifests = SerializerSamples.All().GroupBy(v => v.GetType()).Select(g => serializer.Manifest(g.First())).ToList();

        Assert.Equal(manifests.Count, manifests.Distinct().Count());
        Assert.All(manifests, m => Assert.InRange(m.Length, 2, 4));
    }

    [Fact]
    public void A_batch_of_entries_is_one_payload_with_a_few_bytes_per_entry_besides_the_commands()
    {
        var entries = SerializerSamples.Entries(1_000_000, 1_000, 42, commandLength: 100);

        var bytes = Serializer().ToBinary(new JournalOperation.Append(entries));

        // Per entry: index delta, term delta, kind and command length, one byte each here.
        Assert.InRange(bytes.Length, 100_000, 100_000 + (4 * 1_000) + 16);
    }

    [Fact]
    public void Payloads_that_outgrow_the_buffer_sized_for_them_round_trip_and_come_out_at_their_exact_length()
    {
        var serializer = Serializer();
        // A vote for a 256-byte id passes the 64 bytes a hard state is sized for; the next payload, written on the
        // same thread into a pooled buffer that a longer one used, must carry nothing of it.
        var longVote = new JournalOperation.SaveHardState(new HardState(7, new string('v', PayloadReader.MaxIdBytes)));
        var shortVote = new JournalOperation.SaveHardState(new HardState(8, "n2"));

        var longBytes = serializer.ToBinary(longVote);
        var shortBytes = serializer.ToBinary(shortVote);

        Assert.Equal(1 + 1 + 2 + PayloadReader.MaxIdBytes, longBytes.Length);
        Assert.Equal([RaftSerializer.FormatVersion, 8, 3, (byte)'n', (byte)'2'], shortBytes);
        Assert.Equal(longVote, serializer.FromBinary(longBytes, serializer.Manifest(longVote)));
        Assert.Equal(shortVote, serializer.FromBinary(shortBytes, serializer.Manifest(shortVote)));
    }

    [Fact]
    public void A_snapshot_larger_than_the_writer_ever_pools_round_trips()
    {
        var serializer = Serializer();
        var data = new byte[PayloadWriter.MaxPooledBytes + 12_345];
        new Random(7).NextBytes(data);
        var save = new JournalOperation.SaveSnapshot(new SnapshotRecord(1_000, 3, data));

        var bytes = serializer.ToBinary(save);
        var copy = (JournalOperation.SaveSnapshot)serializer.FromBinary(bytes, serializer.Manifest(save));

        Assert.Equal((1_000L, 3L), (copy.Snapshot.LastIncludedIndex, copy.Snapshot.LastIncludedTerm));
        Assert.Equal(data, copy.Snapshot.Data);
    }

    [Fact]
    public void A_type_it_does_not_handle_is_refused_when_serializing()
    {
        var ex = Assert.Throws<ArgumentException>(() => Serializer().ToBinary(RaftTimer.ElectionTimeout));

        Assert.Contains(nameof(RaftTimer), ex.Message);
    }

    [Fact]
    public void The_default_configuration_fixes_the_serializer_identifier()
    {
        Assert.Equal(RaftSerializer.Id, RaftConfig.Default.GetInt($"akka.actor.serialization-identifiers.\"{typeof(RaftSerializer).FullName}, Raft.Actors\""));
    }

    private RaftSerializer Serializer() => (RaftSerializer)Sys.Serialization.FindSerializerForType(typeof(ClientProtocol.Propose));
}
