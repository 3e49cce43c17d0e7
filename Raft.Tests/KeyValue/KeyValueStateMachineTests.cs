using System.Text;
using Raft.Actors.KeyValue;

namespace Raft.Tests.KeyValue;

public sealed class KeyValueStateMachineTests
{
    public static TheoryData<string> Commands() => new()
    {
        "set",
        "set-empty-value",
        "get",
        "delete",
        "cas",
        "cas-absent",
        "unicode-key",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_command_survives_encoding_and_decoding(string name)
    {
        var command = Sample(name);

        var decoded = KeyValueCommand.Decode(command.Encode());

        Assert.Equal(command.Operation, decoded.Operation);
        Assert.Equal(command.Key, decoded.Key);
        Assert.Equal(command.Value, decoded.Value);
        Assert.Equal(command.Expected, decoded.Expected);
        Assert.Equal(command.Encode(), decoded.Encode());
    }

    [Fact]
    public void The_encoding_is_version_op_code_then_length_prefixed_fields()
    {
        var bytes = KeyValueCommand.CompareAndSet("k", null, "v").Encode();

        byte[] expected = [1, 4, 1, 0, 0, 0, (byte)'k', 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, (byte)'v'];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Results_survive_encoding_and_decoding()
    {
        KeyValueResult[] results =
        [
            KeyValueResult.Ok(null),
            KeyValueResult.Ok([1, 2, 3]),
            KeyValueResult.NotFound(),
            KeyValueResult.CompareFailed(Encoding.UTF8.GetBytes("current")),
            KeyValueResult.Malformed("bad bytes"),
        ];

        foreach (var result in results)
        {
            var decoded = KeyValueResult.Decode(result.Encode());
            Assert.Equal(result.Status, decoded.Status);
            Assert.Equal(result.Value, decoded.Value);
            Assert.Equal(result.Error, decoded.Error);
        }
    }

    [Fact]
    public void Set_stores_the_value_and_returns_the_previous_one()
    {
        var machine = new KeyValueStateMachine();

        var first = Apply(machine, KeyValueCommand.Set("a", "1"));
        var second = Apply(machine, KeyValueCommand.Set("a", "2"));

        Assert.Equal((KeyValueStatus.Ok, null), (first.Status, first.ValueText));
        Assert.Equal((KeyValueStatus.Ok, "1"), (second.Status, second.ValueText));
        Assert.Equal("2", Apply(machine, KeyValueCommand.Get("a")).ValueText);
    }

    [Fact]
    public void Get_of_a_missing_key_is_not_found()
    {
        var result = Apply(new KeyValueStateMachine(), KeyValueCommand.Get("missing"));

        Assert.Equal(KeyValueStatus.NotFound, result.Status);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Delete_removes_the_key_and_returns_its_value()
    {
        var machine = new KeyValueStateMachine();
        Apply(machine, KeyValueCommand.Set("a", "1"));

        var deleted = Apply(machine, KeyValueCommand.Delete("a"));
        var again = Apply(machine, KeyValueCommand.Delete("a"));

        Assert.Equal((KeyValueStatus.Ok, "1"), (deleted.Status, deleted.ValueText));
        Assert.Equal(KeyValueStatus.NotFound, again.Status);
        Assert.Equal(KeyValueStatus.NotFound, Apply(machine, KeyValueCommand.Get("a")).Status);
    }

    [Fact]
    public void Compare_and_set_sets_only_when_the_value_matches()
    {
        var machine = new KeyValueStateMachine();
        Apply(machine, KeyValueCommand.Set("a", "1"));

        var wrong = Apply(machine, KeyValueCommand.CompareAndSet("a", "9", "2"));
        var right = Apply(machine, KeyValueCommand.CompareAndSet("a", "1", "2"));

        Assert.Equal((KeyValueStatus.CompareFailed, "1"), (wrong.Status, wrong.ValueText));
        Assert.Equal((KeyValueStatus.Ok, "1"), (right.Status, right.ValueText));
        Assert.Equal("2", Apply(machine, KeyValueCommand.Get("a")).ValueText);
    }

    [Fact]
    public void Compare_and_set_with_no_expected_value_only_creates()
    {
        var machine = new KeyValueStateMachine();

        var created = Apply(machine, KeyValueCommand.CompareAndSet("a", null, "1"));
        var exists = Apply(machine, KeyValueCommand.CompareAndSet("a", null, "2"));

        Assert.Equal(KeyValueStatus.Ok, created.Status);
        Assert.Equal((KeyValueStatus.CompareFailed, "1"), (exists.Status, exists.ValueText));
    }

    [Fact]
    public void A_restored_snapshot_holds_the_same_map()
    {
        var machine = new KeyValueStateMachine();
        Apply(machine, KeyValueCommand.Set("b", "2"));
        Apply(machine, KeyValueCommand.Set("a", "1"));
        Apply(machine, KeyValueCommand.Set("ключ", [0, 255]));
        Apply(machine, KeyValueCommand.Set("c", "3"));
        Apply(machine, KeyValueCommand.Delete("c"));
        var snapshot = machine.TakeSnapshot();

        var restored = new KeyValueStateMachine();
        Apply(restored, KeyValueCommand.Set("stale", "x"));
        restored.Restore(snapshot);

        Assert.Equal(snapshot, restored.TakeSnapshot());
        Assert.Equal("1", Apply(restored, KeyValueCommand.Get("a")).ValueText);
        Assert.Equal(new byte[] { 0, 255 }, Apply(restored, KeyValueCommand.Get("ключ")).Value);
        Assert.Equal(KeyValueStatus.NotFound, Apply(restored, KeyValueCommand.Get("stale")).Status);
    }

    [Fact]
    public void Equal_maps_give_equal_snapshots_whatever_the_order_of_writes()
    {
        var one = new KeyValueStateMachine();
        var two = new KeyValueStateMachine();
        Apply(one, KeyValueCommand.Set("a", "1"));
        Apply(one, KeyValueCommand.Set("b", "2"));
        Apply(two, KeyValueCommand.Set("b", "2"));
        Apply(two, KeyValueCommand.Set("a", "1"));

        Assert.Equal(one.TakeSnapshot(), two.TakeSnapshot());
    }

    public static TheoryData<string, byte[], string> MalformedCommands() => new()
    {
        { "empty", [], "ends before its format version" },
        { "future version", [2, 1], "format version 2; this build reads version 1" },
        { "unknown op code", [1, 99, 1, 0, 0, 0, (byte)'k'], "unknown op code 99" },
        { "truncated length", [1, 2, 1, 0], "ends inside the length of its key" },
        { "length past the end", [1, 2, 9, 0, 0, 0, (byte)'k'], "declares 9 bytes for its key but only 1 remain" },
        { "empty key", [1, 2, 0, 0, 0, 0], "has an empty key" },
        { "invalid UTF-8 key", [1, 2, 1, 0, 0, 0, 0xFF], "key that is not valid UTF-8" },
        { "absent set value", [1, 1, 1, 0, 0, 0, (byte)'k', 0xFF, 0xFF, 0xFF, 0xFF], "negative length -1 for its value" },
        { "trailing bytes", [1, 2, 1, 0, 0, 0, (byte)'k', 7], "1 unexpected trailing byte(s)" },
    };

    [Theory]
    [MemberData(nameof(MalformedCommands))]
    public void A_malformed_command_gets_an_error_result_and_changes_nothing(string name, byte[] bytes, string problem)
    {
        var machine = new KeyValueStateMachine();
        Apply(machine, KeyValueCommand.Set("k", "v"));
        var before = machine.TakeSnapshot();

        var result = KeyValueResult.Decode(machine.Apply(7, bytes));

        Assert.True(result.Status == KeyValueStatus.Malformed, $"{name}: status {result.Status}");
        Assert.Contains("entry 7", result.Error);
        Assert.Contains(problem, result.Error);
        Assert.Equal(before, machine.TakeSnapshot());
    }

    [Fact]
    public void Decoding_a_malformed_command_throws_a_format_exception_naming_the_problem()
    {
        var error = Assert.Throws<FormatException>(() => KeyValueCommand.Decode([1, 2, 9, 0, 0, 0, (byte)'k']));

        Assert.Equal("The key-value command (7 bytes) declares 9 bytes for its key but only 1 remain (offset 2).", error.Message);
    }

    [Fact]
    public void A_damaged_snapshot_is_refused_and_the_map_kept()
    {
        var machine = new KeyValueStateMachine();
        Apply(machine, KeyValueCommand.Set("k", "v"));
        var before = machine.TakeSnapshot();
        var damaged = before[..^1];

        var error = Assert.Throws<FormatException>(() => machine.Restore(damaged));

        Assert.Contains("key-value snapshot", error.Message);
        Assert.Equal(before, machine.TakeSnapshot());
    }

    private static KeyValueResult Apply(KeyValueStateMachine machine, KeyValueCommand command) =>
        KeyValueResult.Decode(machine.Apply(1, command.Encode()));

    private static KeyValueCommand Sample(string name) => name switch
    {
        "set" => KeyValueCommand.Set("key", "value"),
        "set-empty-value" => KeyValueCommand.Set("key", []),
        "get" => KeyValueCommand.Get("key"),
        "delete" => KeyValueCommand.Delete("key"),
        "cas" => KeyValueCommand.CompareAndSet("key", "old", "new"),
        "cas-absent" => KeyValueCommand.CompareAndSet("key", null, "new"),
        "unicode-key" => KeyValueCommand.Set("clé ✓", [0, 1, 255]),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such sample"),
    };
}
