using System.Buffers.Binary;
using Raft.Actors.Core;
using Raft.Actors.KeyValue;
using Raft.Actors.StateMachine.Sessions;

namespace Raft.Tests.KeyValue;

public sealed class KeyValueLimitsTests
{
    [Fact]
    public void A_key_or_value_at_its_limit_is_accepted()
    {
        var command = KeyValueCommand.Set(new string('k', KeyValueLimits.MaxKeyBytes), new byte[KeyValueLimits.MaxValueBytes]);

        Assert.Equal(KeyValueLimits.MaxValueBytes, KeyValueCommand.Decode(command.Encode()).Value!.Length);
    }

    [Fact]
    public void The_largest_command_in_a_session_envelope_fits_under_the_default_MaxCommandBytes()
    {
        var key = new string('k', KeyValueLimits.MaxKeyBytes);
        var command = KeyValueCommand.CompareAndSet(key, new byte[KeyValueLimits.MaxValueBytes], new byte[KeyValueLimits.MaxValueBytes]).Encode();
        var stamp = new SessionStamp(new string('c', SessionStamp.MaxClientIdBytes), long.MaxValue, long.MaxValue);

        var envelope = SessionEnvelope.Encode(stamp, command);

        Assert.InRange(envelope.Length, 2 * KeyValueLimits.MaxValueBytes, new RaftOptions().MaxCommandBytes);
    }

    [Fact]
    public void A_key_over_its_limit_is_refused_naming_the_limit_and_its_size()
    {
        var error = Assert.Throws<ArgumentException>(() => KeyValueCommand.Get(new string('é', 513)));

        Assert.Equal("A key must be at most 1024 bytes of UTF-8; this one is 1026.", error.Message);
    }

    [Fact]
    public void A_value_over_its_limit_is_refused_naming_the_limit_and_its_size()
    {
        var error = Assert.Throws<ArgumentException>(() => KeyValueCommand.Set("k", new byte[KeyValueLimits.MaxValueBytes + 1]));

        Assert.Equal($"A value must be at most {KeyValueLimits.MaxValueBytes} bytes; this one is {KeyValueLimits.MaxValueBytes + 1}.", error.Message);
        Assert.Throws<ArgumentException>(() => KeyValueCommand.CompareAndSet("k", new byte[KeyValueLimits.MaxValueBytes + 1], []));
    }

    [Fact]
    public void An_encoded_command_over_the_limits_is_applied_as_malformed_and_changes_nothing()
    {
        // Written by hand: the command API would refuse it.
        var key = "k"u8.ToArray();
        var bytes = new byte[2 + 4 + key.Length + 4 + KeyValueLimits.MaxValueBytes + 1];
        bytes[0] = KeyValueCommand.FormatVersion;
        bytes[1] = (byte)KeyValueOperation.Set;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), key.Length);
        key.CopyTo(bytes, 6);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(6 + key.Length), KeyValueLimits.MaxValueBytes + 1);
        var machine = new KeyValueStateMachine();

        var result = KeyValueResult.Decode(machine.Apply(3, bytes));

        Assert.Equal(KeyValueStatus.Malformed, result.Status);
        Assert.Contains("out of bounds: A value must be at most", result.Error, StringComparison.Ordinal);
        Assert.Equal(KeyValueStatus.NotFound, KeyValueResult.Decode(machine.Query(KeyValueCommand.Get("k").Encode())).Status);
    }

    [Fact]
    public void A_query_reads_a_key_without_changing_the_map()
    {
        var machine = new KeyValueStateMachine();
        machine.Apply(1, KeyValueCommand.Set("k", "v").Encode());
        var before = machine.TakeSnapshot();

        var found = KeyValueResult.Decode(machine.Query(KeyValueCommand.Get("k").Encode()));
        var refused = KeyValueResult.Decode(machine.Query(KeyValueCommand.Delete("k").Encode()));

        Assert.Equal((KeyValueStatus.Ok, "v"), (found.Status, found.ValueText));
        Assert.Equal(KeyValueStatus.Malformed, refused.Status);
        Assert.Contains("only Get reads without changing the map, not Delete", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, machine.TakeSnapshot());
    }
}
