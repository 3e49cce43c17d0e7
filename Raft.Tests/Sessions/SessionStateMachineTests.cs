using System.Text;
using Raft.Actors.StateMachine.Sessions;

namespace Raft.Tests.Sessions;

public sealed class SessionStateMachineTests
{
    private readonly RecordingMachine _inner = new();
    private long _index;

    [Fact]
    public void A_retried_command_is_applied_once_and_gets_its_first_result()
    {
        var machine = new SessionStateMachine(_inner);

        var first = Apply(machine, Stamp("c", 1), "put x");
        Apply(machine, Stamp("c", 2, first: 1), "put y");
        var retry = Apply(machine, Stamp("c", 1, first: 1), "put x");

        Assert.Equal(SessionStatus.Applied, first.Status);
        Assert.Equal(SessionStatus.Duplicate, retry.Status);
        Assert.Equal("put x#1", Text(retry));
        Assert.Equal(["put x", "put y"], _inner.Applied);
    }

    [Fact]
    public void Sessions_of_different_clients_do_not_share_sequence_numbers()
    {
        var machine = new SessionStateMachine(_inner);

        Apply(machine, Stamp("a", 1), "from a");
        var b = Apply(machine, Stamp("b", 1), "from b");

        Assert.Equal(SessionStatus.Applied, b.Status);
        Assert.Equal(["from a", "from b"], _inner.Applied);
    }

    [Fact]
    public void A_command_without_a_stamp_is_applied_each_time_it_commits()
    {
        var machine = new SessionStateMachine(_inner);

        Apply(machine, null, "read");
        var again = Apply(machine, null, "read");

        Assert.Equal(SessionStatus.Applied, again.Status);
        Assert.Equal(["read", "read"], _inner.Applied);
    }

    [Fact]
    public void Commands_may_skip_sequence_numbers_and_arrive_out_of_order()
    {
        var machine = new SessionStateMachine(_inner);

        Apply(machine, Stamp("c", 1), "one");
        Apply(machine, Stamp("c", 5, first: 2), "five");
        var three = Apply(machine, Stamp("c", 3, first: 2), "three");

        Assert.Equal(SessionStatus.Applied, three.Status);
        Assert.Equal(["one", "five", "three"], _inner.Applied);
    }

    [Fact]
    public void An_acknowledged_sequence_is_refused_as_forgotten_and_not_applied_again()
    {
        var machine = new SessionStateMachine(_inner);
        Apply(machine, Stamp("c", 1), "one");
        Apply(machine, Stamp("c", 2, first: 2), "two");

        var late = Apply(machine, Stamp("c", 1, first: 1), "one");

        Assert.Equal(SessionStatus.ResultForgotten, late.Status);
        Assert.Contains("sequence 1 of client 'c' is below 2", late.Error, StringComparison.Ordinal);
        Assert.Equal(["one", "two"], _inner.Applied);
    }

    [Fact]
    public void A_session_keeps_at_most_the_configured_results_and_forgets_the_oldest()
    {
        var machine = new SessionStateMachine(_inner, new SessionOptions { MaxResultsPerSession = 2 });
        Apply(machine, Stamp("c", 1), "one");
        Apply(machine, Stamp("c", 2, first: 1), "two");
        Apply(machine, Stamp("c", 3, first: 1), "three");

        Assert.Equal(SessionStatus.ResultForgotten, Apply(machine, Stamp("c", 1, first: 1), "one").Status);
        Assert.Equal(SessionStatus.Duplicate, Apply(machine, Stamp("c", 2, first: 1), "two").Status);
        Assert.Equal(3, _inner.Applied.Count);
    }

    [Fact]
    public void A_client_that_has_seen_results_but_has_no_session_is_refused_as_expired()
    {
        var machine = new SessionStateMachine(_inner);

        var result = Apply(machine, Stamp("stranger", 4, first: 3), "put x");

        Assert.Equal(SessionStatus.SessionExpired, result.Status);
        Assert.Contains("client 'stranger' has no session", result.Error, StringComparison.Ordinal);
        Assert.Empty(_inner.Applied);
        Assert.False(machine.HasSession("stranger"));
    }

    [Fact]
    public void A_session_idle_for_more_than_the_configured_entries_expires_at_the_same_index_everywhere()
    {
        var options = new SessionOptions { ExpireAfterEntries = 10 };
        var machine = new SessionStateMachine(_inner, options);
        var replica = new SessionStateMachine(new RecordingMachine(), options);
        ApplyAt(machine, 1, Stamp("idle", 1), "a");
        ApplyAt(replica, 1, Stamp("idle", 1), "a");

        ApplyAt(machine, 11, Stamp("busy", 1), "b");
        Assert.True(machine.HasSession("idle"));

        ApplyAt(machine, 12, Stamp("busy", 2), "c");
        ApplyAt(replica, 12, Stamp("busy", 2, first: 1), "c");

        Assert.False(machine.HasSession("idle"));
        Assert.False(replica.HasSession("idle"));
        Assert.Equal(SessionStatus.SessionExpired, ApplyAt(machine, 13, Stamp("idle", 2, first: 2), "d").Status);
    }

    [Fact]
    public void Opening_a_session_beyond_the_maximum_evicts_the_least_recently_used()
    {
        var machine = new SessionStateMachine(_inner, new SessionOptions { MaxSessions = 2 });
        Apply(machine, Stamp("a", 1), "a1");
        Apply(machine, Stamp("b", 1), "b1");
        Apply(machine, Stamp("a", 2, first: 2), "a2");

        Apply(machine, Stamp("c", 1), "c1");

        Assert.True(machine.HasSession("a"));
        Assert.False(machine.HasSession("b"));
        Assert.True(machine.HasSession("c"));
        Assert.Equal(2, machine.SessionCount);
    }

    [Fact]
    public void A_restored_snapshot_keeps_the_sessions_so_a_retry_is_still_a_duplicate()
    {
        var machine = new SessionStateMachine(_inner, new SessionOptions { MaxSessions = 2 });
        Apply(machine, Stamp("a", 1), "a1");
        Apply(machine, Stamp("b", 1), "b1");
        Apply(machine, Stamp("a", 2, first: 1), "a2");
        var snapshot = machine.TakeSnapshot();

        var restoredInner = new RecordingMachine();
        var restored = new SessionStateMachine(restoredInner, new SessionOptions { MaxSessions = 2 });
        restored.Restore(snapshot);
        Assert.Equal(snapshot, restored.TakeSnapshot());
        _index = 3;

        var retry = Apply(restored, Stamp("a", 1, first: 1), "a1");
        Assert.Equal(SessionStatus.Duplicate, retry.Status);
        Assert.Equal("a1#1", Text(retry));
        Assert.Equal(["a1", "b1", "a2"], restoredInner.Applied);

        // The least-recently-used order survived too: b, not a, makes room for c.
        Apply(restored, Stamp("c", 1), "c1");
        Assert.False(restored.HasSession("b"));
        Assert.True(restored.HasSession("a"));
    }

    [Fact]
    public void A_damaged_snapshot_throws_and_changes_neither_the_sessions_nor_the_inner_state()
    {
        var machine = new SessionStateMachine(_inner);
        Apply(machine, Stamp("a", 1), "a1");
        var good = machine.TakeSnapshot();

        Assert.Throws<FormatException>(() => machine.Restore(good[..10]));
        var innerDamaged = new SessionStateMachine(new RecordingMachine());
        innerDamaged.Restore(good);
        byte[] noSessionsDamagedInner = [1, 0, 0, 0, 0, .. "damaged"u8];
        var error = Assert.Throws<FormatException>(() => innerDamaged.Restore(noSessionsDamagedInner));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        Assert.True(innerDamaged.HasSession("a"));
        Assert.True(machine.HasSession("a"));
        Assert.Equal(["a1"], _inner.Applied);
    }

    public static TheoryData<string, byte[], string> MalformedEnvelopes() => new()
    {
        { "empty", [], "ends before its format version" },
        { "unknown version", [9, 0], "has format version 9" },
        { "unknown kind", [1, 7], "has unknown kind 7" },
        { "client id past the end", [1, 1, 200, 0, 0, 0, (byte)'c'], "outside 0..128" },
        { "empty client id", [1, 1, 0, 0, 0, 0], "has an empty client id" },
        { "missing sequence", [1, 1, 1, 0, 0, 0, (byte)'c', 1, 0], "ends before its sequence" },
        { "sequence zero", [1, 1, 1, 0, 0, 0, (byte)'c', .. new byte[8], 1, 0, 0, 0, 0, 0, 0, 0], "A sequence number must be at least 1" },
        { "acknowledges its own sequence", [1, 1, 1, 0, 0, 0, (byte)'c', 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0], "first unacknowledged sequence must be between 1 and the command's sequence 1" },
    };

    [Theory]
    [MemberData(nameof(MalformedEnvelopes))]
    public void A_malformed_envelope_gets_an_error_result_and_changes_nothing(string name, byte[] envelope, string expected)
    {
        var machine = new SessionStateMachine(_inner);
        Apply(machine, Stamp("c", 1), "one");
        var before = machine.TakeSnapshot();

        var result = SessionResult.Decode(machine.Apply(++_index, envelope));

        Assert.True(result.Status == SessionStatus.Malformed, name);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.StartsWith($"entry {_index}: The session envelope", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, machine.TakeSnapshot());
    }

    [Fact]
    public void Queries_go_to_the_inner_state_machine()
    {
        var machine = new SessionStateMachine(_inner);
        Apply(machine, Stamp("c", 1), "one");

        Assert.Equal("1", Encoding.UTF8.GetString(machine.Query("how many"u8.ToArray())));
    }

    [Fact]
    public void A_stamp_refuses_values_that_break_the_rules_naming_the_problem()
    {
        Assert.Contains("must not be empty", Assert.Throws<ArgumentException>(() => new SessionStamp("", 1, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("at most 128 bytes", Assert.Throws<ArgumentException>(() => new SessionStamp(new string('x', 129), 1, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("at least 1", Assert.Throws<ArgumentException>(() => new SessionStamp("c", 0, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("between 1 and", Assert.Throws<ArgumentException>(() => new SessionStamp("c", 3, 4)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_refused_listing_every_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => new SessionStateMachine(_inner, new SessionOptions { ExpireAfterEntries = -1, MaxSessions = 0, MaxResultsPerSession = 0 }));

        Assert.Contains("ExpireAfterEntries must be 0 (never) or positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxSessions must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxResultsPerSession must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_envelope_and_a_result_survive_encoding_and_decoding()
    {
        var bytes = SessionEnvelope.Encode(new SessionStamp("client-é", 42, 40), "cmd"u8);

        var envelope = SessionEnvelope.Decode(bytes);

        Assert.Equal(new SessionStamp("client-é", 42, 40), envelope.Stamp);
        Assert.Equal("cmd"u8.ToArray(), envelope.Command.ToArray());
        var result = SessionResult.Decode(SessionResult.Encode(SessionStatus.Duplicate, "r"u8));
        Assert.Equal((SessionStatus.Duplicate, "r"), (result.Status, Encoding.UTF8.GetString(result.Result)));
    }

    private static SessionStamp Stamp(string client, long sequence, long? first = null) => new(client, sequence, first ?? sequence);

    private SessionResult Apply(SessionStateMachine machine, SessionStamp? stamp, string command) =>
        ApplyAt(machine, ++_index, stamp, command);

    private static SessionResult ApplyAt(SessionStateMachine machine, long index, SessionStamp? stamp, string command) =>
        SessionResult.Decode(machine.Apply(index, SessionEnvelope.Encode(stamp, Encoding.UTF8.GetBytes(command))));

    private static string Text(SessionResult result) => Encoding.UTF8.GetString(result.Result);
}
