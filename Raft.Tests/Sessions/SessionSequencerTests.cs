using Raft.Actors.StateMachine.Sessions;

namespace Raft.Tests.Sessions;

public sealed class SessionSequencerTests
{
    [Fact]
    public void Sequences_count_up_from_1_and_acknowledge_up_to_the_oldest_in_flight()
    {
        var sequencer = new SessionSequencer("c");

        var first = sequencer.Next();
        var second = sequencer.Next();
        sequencer.Done(second, applied: true);
        var third = sequencer.Next();
        sequencer.Done(first, applied: true);
        var fourth = sequencer.Next();

        Assert.Equal(new SessionStamp("c", 1, 1), first);
        Assert.Equal(new SessionStamp("c", 2, 1), second);
        Assert.Equal(new SessionStamp("c", 3, 1), third);
        Assert.Equal(new SessionStamp("c", 4, 3), fourth);
    }

    [Fact]
    public void A_command_in_flight_too_far_behind_moves_new_commands_to_a_new_client_id_that_opens_its_own_session()
    {
        var sequencer = new SessionSequencer("c");
        var slow = sequencer.Next();
        for (var i = 2; i <= SessionSequencer.MaxSequenceRange; i++)
        {
            sequencer.Done(sequencer.Next(), applied: true);
        }

        var next = sequencer.Next();
        sequencer.Done(slow, applied: true);

        Assert.Equal(new SessionStamp("c.1", 1, 1), next);
        Assert.Equal("c.1", sequencer.CurrentClientId);
        Assert.Equal(new SessionStamp("c.1", 2, 1), sequencer.Next());
    }

    [Fact]
    public void A_state_machine_keeps_every_result_a_sequencer_s_commands_may_still_need()
    {
        // The worst case: one command never answered while the rest complete, each retried once after it applied.
        var machine = new SessionStateMachine(new RecordingMachine());
        var sequencer = new SessionSequencer("c");
        var index = 0L;
        var slow = sequencer.Next();
        for (var i = 0; i < 3 * SessionSequencer.MaxSequenceRange; i++)
        {
            var stamp = sequencer.Next();
            var envelope = SessionEnvelope.Encode(stamp, "w"u8);
            Assert.Equal(SessionStatus.Applied, SessionResult.Decode(machine.Apply(++index, envelope)).Status);
            Assert.Equal(SessionStatus.Duplicate, SessionResult.Decode(machine.Apply(++index, envelope)).Status);
            sequencer.Done(stamp, applied: true);
        }

        Assert.Equal(SessionStatus.Applied, SessionResult.Decode(machine.Apply(++index, SessionEnvelope.Encode(slow, "slow"u8))).Status);
    }

    [Fact]
    public void Commands_given_up_before_any_was_applied_do_not_make_the_state_machine_take_the_session_for_expired()
    {
        // The first two never reached the state machine (refused as too large, or timed out before a leader took them).
        var machine = new SessionStateMachine(new RecordingMachine());
        var sequencer = new SessionSequencer("c");
        sequencer.Done(sequencer.Next(), applied: false);
        sequencer.Done(sequencer.Next(), applied: false);

        var third = sequencer.Next();
        var result = SessionResult.Decode(machine.Apply(1, SessionEnvelope.Encode(third, "w"u8)));
        sequencer.Done(third, applied: true);
        var fourth = sequencer.Next();

        Assert.Equal(new SessionStamp("c", 3, 1), third);
        Assert.Equal(SessionStatus.Applied, result.Status);
        Assert.Equal(new SessionStamp("c", 4, 4), fourth);
    }

    [Fact]
    public void A_client_id_too_long_for_a_generation_suffix_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SessionSequencer(new string('c', 118)));

        Assert.StartsWith("A session's client id must be at most 117 bytes of UTF-8", error.Message, StringComparison.Ordinal);
    }
}
