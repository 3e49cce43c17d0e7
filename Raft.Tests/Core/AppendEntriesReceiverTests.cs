using Raft.Actors.Core;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// AppendEntries receiver, Figure 2 rules 1-5 (§5.3): the consistency check, truncation of conflicting entries,
/// appending what is new, and the commit index the leader allows; a success reply leaves once the entries are durable.
/// </summary>
public sealed class AppendEntriesReceiverTests
{
    [Fact]
    public void Rule_1_a_request_of_an_older_term_is_rejected_without_restarting_the_election_timer()
    {
        var driver = NodeDriver.Recover(term: 3, terms: [1, 2]);

        var effects = driver.Step(new AppendEntries(2, "n2", 2, 2, Logs.Entries(3, 2), LeaderCommit: 2));

        EffectAssert.Exactly(effects, "Send n2 AppendEntriesResult(term 3, rejected, prev 2, conflict term 0 from 0, last 2)");
        Assert.Equal(new long[] { 1, 2 }, Logs.TermsOf(driver.Node.Log));
        Assert.Equal(0, driver.Node.CommitIndex);
        Assert.Null(driver.Node.LeaderId);
    }

    [Fact]
    public void Rule_2_a_log_too_short_to_hold_prevLogIndex_is_rejected_with_its_end_as_the_hint()
    {
        var driver = NodeDriver.Recover(term: 2, terms: [1, 1]);

        var effects = driver.Step(new AppendEntries(2, "n2", 4, 2, Logs.Entries(5, 2), LeaderCommit: 0));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 2 leader n2",
            "Send n2 AppendEntriesResult(term 2, rejected, prev 4, conflict term 0 from 3, last 2)");
    }

    [Fact]
    public void Rule_2_another_term_at_prevLogIndex_is_rejected_with_that_term_and_where_it_begins_and_nothing_is_deleted()
    {
        var driver = NodeDriver.Recover(term: 3, terms: [1, 1, 2, 2]);

        var effects = driver.Step(new AppendEntries(3, "n2", 4, 3, Logs.Entries(5, 3), LeaderCommit: 0));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 3 leader n2",
            "Send n2 AppendEntriesResult(term 3, rejected, prev 4, conflict term 2 from 3, last 4)");
        Assert.Equal(new long[] { 1, 1, 2, 2 }, Logs.TermsOf(driver.Node.Log));
    }

    [Fact]
    public void Rule_3_a_conflicting_entry_is_deleted_with_all_that_follow_it_and_the_deletion_is_journaled()
    {
        var driver = NodeDriver.Recover(term: 2, terms: [1, 1, 1, 1]);

        var effects = driver.Step(new AppendEntries(2, "n2", 1, 1, Logs.Entries(2, 2, 2), LeaderCommit: 0));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 2 leader n2",
            "Persist #1: TruncateFrom 2; Append [2@2, 3@2]");
        Assert.Equal(new long[] { 1, 2, 2 }, Logs.TermsOf(driver.Node.Log));
        EffectAssert.Exactly(driver.CompleteWrite(), "Send n2 AppendEntriesResult(term 2, ok, prev 1, match 3, last 3)");
        Assert.Equal(new long[] { 1, 2, 2 }, driver.Journal.ToRecovery().Entries.Select(e => e.Term));
    }

    [Fact]
    public void Rules_3_and_4_entries_already_held_are_kept_so_a_late_duplicate_deletes_nothing()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1, 1, 1]);

        var effects = driver.Step(new AppendEntries(1, "n2", 0, 0, Logs.Entries(1, 1), LeaderCommit: 0));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 1 leader n2",
            "Send n2 AppendEntriesResult(term 1, ok, prev 0, match 1, last 3)");
        Assert.Equal(3, driver.Node.Log.LastIndex);
    }

    [Fact]
    public void Rule_4_new_entries_are_appended_and_acknowledged_once_durable()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1]);

        var effects = driver.Step(new AppendEntries(1, "n2", 1, 1, Logs.Entries(2, 1, 1), LeaderCommit: 0));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 1 leader n2",
            "Persist #1: Append [2@1, 3@1]");
        EffectAssert.Exactly(driver.CompleteWrite(), "Send n2 AppendEntriesResult(term 1, ok, prev 1, match 3, last 3)");
    }

    [Fact]
    public void Rule_4_only_the_entries_not_already_held_are_appended()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1, 1]);

        var effects = driver.Step(new AppendEntries(1, "n2", 0, 0, Logs.Entries(1, 1, 1, 1), LeaderCommit: 0));

        Assert.Contains("Persist #1: Append [3@1]", effects.Lines());
    }

    [Fact]
    public void Rule_5_commitIndex_follows_leaderCommit_within_the_entries_sent()
    {
        var driver = NodeDriver.Recover(term: 1);

        var effects = driver.Step(new AppendEntries(1, "n2", 0, 0, Logs.Entries(1, 1, 1, 1), LeaderCommit: 2));

        Assert.Equal(2, driver.Node.CommitIndex);
        EffectAssert.Only<RaftEffect.Apply>(effects, "Apply [1@1, 2@1]");
    }

    [Fact]
    public void Rule_5_commitIndex_stops_at_the_last_new_entry_when_leaderCommit_is_beyond_it()
    {
        var driver = NodeDriver.Recover(term: 1);

        var effects = driver.Step(new AppendEntries(1, "n2", 0, 0, Logs.Entries(1, 1, 1), LeaderCommit: 5));

        Assert.Equal(2, driver.Node.CommitIndex);
        EffectAssert.Only<RaftEffect.Apply>(effects, "Apply [1@1, 2@1]");
    }

    [Fact]
    public void Rule_5_a_heartbeat_vouches_only_through_its_prevLogIndex_not_for_the_entries_after_it()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1, 1, 1]);

        var effects = driver.Step(new AppendEntries(1, "n2", 1, 1, [], LeaderCommit: 3));

        Assert.Equal(1, driver.Node.CommitIndex);
        EffectAssert.Only<RaftEffect.Apply>(effects, "Apply [1@1]");
    }

    [Fact]
    public void Rule_5_commitIndex_never_moves_backwards()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1, 1, 1]);
        driver.Step(new AppendEntries(1, "n2", 3, 1, [], LeaderCommit: 3));

        var effects = driver.Step(new AppendEntries(1, "n2", 1, 1, [], LeaderCommit: 1));

        Assert.Equal(3, driver.Node.CommitIndex);
        EffectAssert.Only<RaftEffect.Apply>(effects);
    }

    [Fact]
    public void Being_asked_to_overwrite_a_committed_entry_is_a_safety_violation()
    {
        var driver = NodeDriver.Recover(term: 2, terms: [1, 1]);
        driver.Step(new AppendEntries(2, "n2", 2, 1, [], LeaderCommit: 2));

        var error = Assert.Throws<InvalidOperationException>(() => driver.Step(new AppendEntries(3, "n3", 1, 1, Logs.Entries(2, 3), LeaderCommit: 2)));

        Assert.Equal("State machine safety violated: 'n1' was asked to overwrite committed entry 2.", error.Message);
    }

    [Fact]
    public void Entries_the_snapshot_already_covers_are_skipped_and_the_rest_appended()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1], snapshot: new SnapshotRecord(3, 1, [3]));

        var effects = driver.Step(new AppendEntries(1, "n2", 1, 1, Logs.Entries(2, 1, 1, 1, 1), LeaderCommit: 0));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 1 leader n2",
            "Persist #1: Append [5@1]");
        EffectAssert.Exactly(driver.CompleteWrite(), "Send n2 AppendEntriesResult(term 1, ok, prev 1, match 5, last 5)");
    }

    [Fact]
    public void A_request_that_ends_inside_the_snapshot_is_acknowledged_as_far_as_it_goes()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1], snapshot: new SnapshotRecord(3, 1, [3]));

        var effects = driver.Step(new AppendEntries(1, "n2", 0, 0, Logs.Entries(1, 1), LeaderCommit: 0));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 1 leader n2",
            "Send n2 AppendEntriesResult(term 1, ok, prev 0, match 1, last 4)");
    }

    [Fact]
    public void A_request_from_a_member_outside_the_group_is_ignored()
    {
        var driver = NodeDriver.Recover(term: 1);

        EffectAssert.None(driver.Step(new AppendEntries(1, "n9", 0, 0, Logs.Entries(1, 1), LeaderCommit: 1)));
        Assert.Equal(0, driver.Node.Log.LastIndex);
    }
}
