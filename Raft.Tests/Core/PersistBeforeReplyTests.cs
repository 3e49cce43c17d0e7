using Raft.Actors.Core;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// Persist before reply (§5.1, Figure 2 "updated on stable storage before responding to RPCs"): a message that
/// vouches for a vote, entries or a snapshot is never among the effects before the Persisted of the write that holds
/// them. <see cref="NodeDriver"/> checks every message it sees against its journal; these tests put it to work.
/// </summary>
public sealed class PersistBeforeReplyTests
{
    [Fact]
    public void A_granted_vote_waits_for_its_write()
    {
        var driver = NodeDriver.Recover(term: 1);

        EffectAssert.Only<RaftEffect.Send>(driver.Step(new RequestVote(2, "n2", 0, 0)));

        EffectAssert.Exactly(driver.CompleteWrite(), "Send n2 RequestVoteResult(term 2, granted)");
    }

    [Fact]
    public void An_acknowledgement_of_entries_waits_for_their_write()
    {
        var driver = NodeDriver.Recover(term: 1);

        EffectAssert.Only<RaftEffect.Send>(driver.Step(new AppendEntries(1, "n2", 0, 0, Logs.Entries(1, 1), LeaderCommit: 0)));

        EffectAssert.Exactly(driver.CompleteWrite(), "Send n2 AppendEntriesResult(term 1, ok, prev 0, match 1, last 1)");
    }

    [Fact]
    public void An_acknowledgement_that_adds_nothing_still_waits_for_the_write_of_what_it_vouches_for()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.Step(new AppendEntries(1, "n2", 0, 0, Logs.Entries(1, 1), LeaderCommit: 0));

        EffectAssert.Only<RaftEffect.Send>(driver.Step(new AppendEntries(1, "n2", 0, 0, Logs.Entries(1, 1), LeaderCommit: 0)));

        EffectAssert.Exactly(driver.CompleteWrite(),
            "Send n2 AppendEntriesResult(term 1, ok, prev 0, match 1, last 1)",
            "Send n2 AppendEntriesResult(term 1, ok, prev 0, match 1, last 1)");
    }

    [Fact]
    public void A_reply_that_reveals_a_new_term_waits_for_the_term_to_be_durable()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1, 1]);

        EffectAssert.Only<RaftEffect.Send>(driver.Step(new AppendEntries(2, "n2", 5, 2, [], LeaderCommit: 0)));

        EffectAssert.Exactly(driver.CompleteWrite(), "Send n2 AppendEntriesResult(term 2, rejected, prev 5, conflict term 0 from 3, last 2)");
    }

    [Fact]
    public void A_snapshot_acknowledgement_waits_for_its_write()
    {
        var driver = NodeDriver.Recover(term: 1);

        EffectAssert.Only<RaftEffect.Send>(driver.Step(new InstallSnapshot(1, "n2", 3, 1, 0, [1], Done: true)));

        EffectAssert.Only<RaftEffect.Send>(driver.CompleteWrite(), "Send n2 InstallSnapshotResult(term 1, 3, next 1, installed)");
    }

    [Fact]
    public void No_message_vouches_for_state_the_journal_does_not_hold_yet_over_random_histories()
    {
        var replies = new List<string>();
        for (var seed = 1; seed <= 200; seed++)
        {
            var history = new FollowerHistory(seed);
            try
            {
                history.Run(300, () => replies.AddRange(history.LastEffects.OfType<RaftEffect.Send>().Select(s => Kind(s.Message))));
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"Seed {seed}, after {history.LastInput}: {ex.Message}");
            }
        }

        // The histories reach every kind of reply that vouches for durable state, so the checks above had work to do.
        Assert.Superset(new HashSet<string> { "vote granted", "entries held", "snapshot installed", "request for votes" }, replies.ToHashSet());
    }

    private static string Kind(object message) => message switch
    {
        RequestVoteResult { VoteGranted: true } => "vote granted",
        AppendEntriesResult { Success: true } => "entries held",
        InstallSnapshotResult { Installed: true } => "snapshot installed",
        RequestVote => "request for votes",
        _ => "other",
    };
}
