using System.Runtime.Serialization;
using Raft.Actors.Configuration;
using Raft.Actors.Protocol;
using Raft.Actors.Serialization;
using Xunit.Abstractions;

namespace Raft.Tests.Serialization;

/// <summary>Bytes that are not a payload of the manifest they claim are refused with a SerializationException saying why.</summary>
public sealed class RaftSerializerRejectionTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(RaftConfig.Default, output: output)
{
    private const int FuzzSeeds = 2_000;

    [Fact]
    public void An_unknown_manifest_is_refused_naming_it()
    {
        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary([1], "XYZ"));

        Assert.Contains("'XYZ'", ex.Message);
        Assert.Contains("unknown", ex.Message);
    }

    [Fact]
    public void An_unknown_format_version_is_refused_naming_both_versions()
    {
        var bytes = Serializer().ToBinary(new ClientProtocol.ProposalAccepted(1, 1));
        bytes[0] = 9;

        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary(bytes, "CPA"));

        Assert.Contains("version 9", ex.Message);
        Assert.Contains($"version {RaftSerializer.FormatVersion}", ex.Message);
    }

    [Fact]
    public void An_empty_payload_is_refused()
    {
        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary([], "JA"));

        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Every_truncation_of_every_sample_is_refused()
    {
        var serializer = Serializer();
        foreach (var sample in SerializerSamples.All())
        {
            var bytes = serializer.ToBinary(sample);
            var manifest = serializer.Manifest(sample);
            for (var length = 0; length < bytes.Length; length++)
            {
                var prefix = bytes[..length];
                var ex = Record.Exception(() => serializer.FromBinary(prefix, manifest));
                Assert.True(ex is SerializationException, $"{manifest} cut to {length} of {bytes.Length} bytes: {ex?.GetType().Name ?? "accepted"}");
            }
        }
    }

    [Fact]
    public void Bytes_left_over_after_the_last_field_are_refused()
    {
        var bytes = Serializer().ToBinary(new RaftProtocol.RequestVote(1, "a", 0, 0));

        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary([.. bytes, 0], "RV"));

        Assert.Contains("left over", ex.Message);
    }

    [Fact]
    public void A_length_beyond_the_bytes_left_is_refused_before_allocating()
    {
        // A proposal claiming a command of 2^31 - 1 bytes, in a 6-byte payload.
        byte[] bytes = [RaftSerializer.FormatVersion, 0xFF, 0xFF, 0xFF, 0xFF, 0x07];

        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary(bytes, "CP"));

        Assert.Contains("Command", ex.Message);
        Assert.Contains("2147483647", ex.Message);
    }

    [Fact]
    public void A_length_over_the_limit_of_its_field_is_refused()
    {
        var bytes = Serializer().ToBinary(new RaftProtocol.RequestVote(1, new string('x', PayloadReader.MaxIdBytes + 1), 0, 0));

        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary(bytes, "RV"));

        Assert.Contains("CandidateId", ex.Message);
        Assert.Contains("limit", ex.Message);
    }

    [Fact]
    public void A_count_the_bytes_left_cannot_hold_is_refused_before_allocating()
    {
        // An append claiming a billion entries, in a 6-byte payload.
        byte[] bytes = [RaftSerializer.FormatVersion, 0x80, 0x94, 0xEB, 0xDC, 0x03];

        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary(bytes, "JA"));

        Assert.Contains("Entries.Count", ex.Message);
        Assert.Contains("1000000000", ex.Message);
    }

    [Fact]
    public void A_varint_longer_than_64_bits_is_refused()
    {
        byte[] bytes = [RaftSerializer.FormatVersion, .. Enumerable.Repeat((byte)0xFF, 10), 0x01];

        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary(bytes, "JT"));

        Assert.Contains("overflows", ex.Message);
    }

    [Fact]
    public void A_negative_term_is_refused()
    {
        var bytes = Serializer().ToBinary(new RaftProtocol.RequestVote(-1, "a", 0, 0));

        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary(bytes, "RV"));

        Assert.Contains("Term", ex.Message);
        Assert.Contains("negative", ex.Message);
    }

    [Fact]
    public void A_boolean_other_than_0_or_1_is_refused()
    {
        var bytes = Serializer().ToBinary(new RaftProtocol.RequestVoteResult(1, "a", true));
        bytes[^1] = 2;

        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary(bytes, "RVR"));

        Assert.Contains("VoteGranted", ex.Message);
    }

    [Fact]
    public void An_unknown_enum_value_is_refused()
    {
        var bytes = Serializer().ToBinary(new ClientProtocol.RoleChanged("a", RaftRole.Leader, 1, null));
        bytes[3] = 7;

        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary(bytes, "CRC"));

        Assert.Contains("Role", ex.Message);
        Assert.Contains(nameof(RaftRole), ex.Message);
    }

    [Fact]
    public void An_entry_kind_that_does_not_exist_is_refused()
    {
        var bytes = Serializer().ToBinary(new Raft.Actors.Core.JournalOperation.Append([LogEntry.NoOp(1, 1)]));
        bytes[4] = 5;

        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary(bytes, "JA"));

        Assert.Contains("Entries[0].Kind", ex.Message);
    }

    [Fact]
    public void A_string_that_is_not_UTF8_is_refused()
    {
        byte[] bytes = [RaftSerializer.FormatVersion, 1, 0xC3, 0x28, 0];

        var ex = Assert.Throws<SerializationException>(() => Serializer().FromBinary(bytes, "CNL"));

        Assert.Contains("UTF-8", ex.Message);
    }

    [Fact]
    public void Random_bytes_under_every_manifest_decode_or_are_refused_with_a_SerializationException()
    {
        var serializer = Serializer();
        var manifests = SerializerSamples.All().Select(serializer.Manifest).Distinct().ToArray();
        for (var seed = 0; seed < FuzzSeeds; seed++)
        {
            var random = new Random(seed);
            var bytes = new byte[random.Next(0, 48)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                bytes[0] = RaftSerializer.FormatVersion;
            }

            AssertDecodesOrRefuses(serializer, bytes, manifests[random.Next(manifests.Length)], $"seed {seed}");
        }
    }

    [Fact]
    public void Mutated_samples_decode_or_are_refused_with_a_SerializationException()
    {
        var serializer = Serializer();
        var samples = SerializerSamples.All().Select(s => (Manifest: serializer.Manifest(s), Bytes: serializer.ToBinary(s))).ToArray();
        for (var seed = 0; seed < FuzzSeeds; seed++)
        {
            var random = new Random(seed);
            var (manifest, original) = samples[random.Next(samples.Length)];
            var bytes = original.ToList();
            for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 1; edits--)
            {
                var at = random.Next(1, bytes.Count);
                switch (random.Next(3))
                {
                    case 0:
                        bytes[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        bytes.RemoveAt(at);
                        break;
                    default:
                        bytes.Insert(at, (byte)random.Next(256));
                        break;
                }
            }

            AssertDecodesOrRefuses(serializer, [.. bytes], manifest, $"seed {seed}");
        }
    }

    /// <summary>Decoding either fails with a SerializationException, or gives a value that serializes and decodes back to itself.</summary>
    private static void AssertDecodesOrRefuses(RaftSerializer serializer, byte[] bytes, string manifest, string context)
    {
        object decoded;
        try
        {
            decoded = serializer.FromBinary(bytes, manifest);
        }
        catch (SerializationException)
        {
            return;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{context}: manifest {manifest}, bytes {Convert.ToHexString(bytes)}: {ex.GetType().Name} instead of a SerializationException: {ex.Message}");
            return;
        }

        var again = serializer.FromBinary(serializer.ToBinary(decoded), manifest);
        Assert.True(Equivalence.Difference(decoded, again) is null, $"{context}: manifest {manifest}, bytes {Convert.ToHexString(bytes)} decoded to a value that does not round-trip");
    }

    private RaftSerializer Serializer() => (RaftSerializer)Sys.Serialization.FindSerializerForType(typeof(ClientProtocol.Propose));
}
