using Raft.Actors.Core;

namespace Raft.Tests.Core;

/// <summary>Fast backtracking: the follower's conflict hint and the leader's next index from it, one term per round trip.</summary>
public sealed class RaftLogBacktrackingTests
{
    [Fact]
    public void ConflictAt_past_the_end_reports_term_0_and_the_index_after_the_last()
    {
        var follower = Logs.WithTerms(1, 1, 2);

        Assert.Equal(new ConflictHint(0, 4), follower.ConflictAt(7));
    }

    [Fact]
    public void ConflictAt_reports_the_term_held_there_and_the_first_index_of_that_term()
    {
        var follower = Logs.WithTerms(1, 1, 2, 2, 2, 3);

        Assert.Equal(new ConflictHint(2, 3), follower.ConflictAt(5));
        Assert.Equal(new ConflictHint(2, 3), follower.ConflictAt(3));
        Assert.Equal(new ConflictHint(1, 1), follower.ConflictAt(2));
        Assert.Equal(new ConflictHint(3, 6), follower.ConflictAt(6));
    }

    [Fact]
    public void ConflictAt_never_points_into_the_snapshot()
    {
        var follower = Logs.AfterSnapshot(4, 2, 2, 2, 3);

        Assert.Equal(new ConflictHint(2, 5), follower.ConflictAt(6));
    }

    [Fact]
    public void NextIndexAfterConflict_resumes_at_the_end_of_a_follower_log_that_is_too_short()
    {
        var leader = Logs.WithTerms(1, 1, 1, 4, 4, 5);

        Assert.Equal(3, leader.NextIndexAfterConflict(new ConflictHint(0, 3)));
    }

    [Fact]
    public void NextIndexAfterConflict_resumes_after_the_leaders_last_entry_of_the_conflicting_term_when_it_has_that_term()
    {
        // The follower holds term 1 from index 1 on; the leader holds term 1 through index 3.
        var leader = Logs.WithTerms(1, 1, 1, 4, 4, 5);

        Assert.Equal(4, leader.NextIndexAfterConflict(new ConflictHint(1, 1)));
    }

    [Fact]
    public void NextIndexAfterConflict_skips_the_followers_whole_term_when_the_leader_lacks_it()
    {
        // The follower holds term 2 from index 3 on; the leader never had term 2.
        var leader = Logs.WithTerms(1, 1, 1, 4, 4, 5);

        Assert.Equal(3, leader.NextIndexAfterConflict(new ConflictHint(2, 3)));
    }

    [Fact]
    public void LastIndexOfTerm_finds_the_last_entry_of_a_term_and_0_for_a_term_the_log_lacks()
    {
        var log = Logs.WithTerms(1, 1, 3, 3, 3, 6);

        Assert.Equal(2, log.LastIndexOfTerm(1));
        Assert.Equal(5, log.LastIndexOfTerm(3));
        Assert.Equal(6, log.LastIndexOfTerm(6));
        Assert.Equal(0, log.LastIndexOfTerm(2));
        Assert.Equal(0, log.LastIndexOfTerm(4));
        Assert.Equal(0, log.LastIndexOfTerm(7));
    }

    [Fact]
    public void LastIndexOfTerm_counts_the_snapshot_point_when_no_later_entry_has_the_term()
    {
        var log = Logs.AfterSnapshot(5, 2, 3, 3);

        Assert.Equal(5, log.LastIndexOfTerm(2));
        Assert.Equal(7, log.LastIndexOfTerm(3));
        Assert.Equal(0, log.LastIndexOfTerm(1));
        Assert.Equal(5, new RaftLog(5, 2).LastIndexOfTerm(2));
        Assert.Equal(0, new RaftLog().LastIndexOfTerm(0));
    }

    [Fact]
    public void FirstIndexOfTerm_walks_back_to_where_the_term_begins()
    {
        var log = Logs.WithTerms(1, 2, 2, 2, 3);

        Assert.Equal(2, log.FirstIndexOfTerm(2, 4));
        Assert.Equal(5, log.FirstIndexOfTerm(3, 5));
        Assert.Equal(1, log.FirstIndexOfTerm(1, 1));
    }
}
