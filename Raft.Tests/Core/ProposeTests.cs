using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>Client proposals: a leader appends them at consecutive indexes of its term; others name the leader they know.</summary>
public sealed class ProposeTests
{
    [Fact]
    public void A_follower_does_not_accept_a_proposal_and_names_the_leader_it_knows()
    {
        var driver = NodeDriver.Recover(term: 2);
        driver.Step(new AppendEntries(2, "n3", 0, 0, [], LeaderCommit: 0));

        var result = driver.Propose("x");

        Assert.Equal(new ProposeResult(Accepted: false, FirstIndex: 0, Term: 2, LeaderId: "n3"), result);
        EffectAssert.None(driver.Flush());
    }

    [Fact]
    public void A_candidate_does_not_accept_a_proposal_and_knows_no_leader()
    {
        var driver = NodeDriver.Start(options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);

        Assert.Equal(new ProposeResult(Accepted: false, FirstIndex: 0, Term: 1, LeaderId: null), driver.Propose("x"));
    }

    [Fact]
    public void A_leader_appends_proposals_at_consecutive_indexes_of_its_term_and_journals_them_in_one_write()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1]);
        driver.ElectAsLeader();
        driver.CompleteWrite();

        var first = driver.Propose("a", "b");
        var second = driver.Propose("c");

        Assert.Equal(new ProposeResult(Accepted: true, FirstIndex: 3, Term: 2, LeaderId: "n1"), first);
        Assert.Equal(new ProposeResult(Accepted: true, FirstIndex: 5, Term: 2, LeaderId: "n1"), second);
        EffectAssert.Exactly(driver.Flush(), "Persist #3: Append [3@2, 4@2, 5@2]");
        Assert.Equal("c", System.Text.Encoding.UTF8.GetString(driver.Node.Log.EntryAt(5).Command));
        Assert.Equal(EntryKind.Command, driver.Node.Log.EntryAt(5).Kind);
    }

    [Fact]
    public void An_empty_proposal_is_accepted_and_appends_nothing()
    {
        var driver = NodeDriver.Start();
        driver.ElectAsLeader();
        driver.CompleteWrite();

        Assert.Equal(new ProposeResult(Accepted: true, FirstIndex: 2, Term: 1, LeaderId: "n1"), driver.Propose());
        EffectAssert.None(driver.Flush());
    }

    [Fact]
    public void A_leader_refuses_a_proposal_holding_a_command_over_MaxCommandBytes_and_appends_none_of_its_commands()
    {
        var driver = NodeDriver.Start(options: new RaftOptions { MaxCommandBytes = 4 });
        driver.ElectAsLeader();
        driver.CompleteWrite();

        var refused = driver.Propose("abcd", "abcde", "x");

        Assert.Equal(new ProposeResult(Accepted: false, FirstIndex: 0, Term: 1, LeaderId: "n1", TooLargeAt: 1), refused);
        Assert.True(refused.TooLarge);
        EffectAssert.None(driver.Flush());
        Assert.Equal(1, driver.Node.Log.LastIndex);
        Assert.Equal(new ProposeResult(Accepted: true, FirstIndex: 2, Term: 1, LeaderId: "n1"), driver.Propose("abcd"));
    }

    [Fact]
    public void Options_with_a_command_limit_under_one_byte_are_refused_naming_the_option()
    {
        var problems = new RaftOptions { MaxCommandBytes = 0 }.Problems();

        Assert.Contains("MaxCommandBytes must be at least 1 (is 0).", problems);
    }

    [Fact]
    public void A_leader_that_steps_down_reports_leadership_lost_for_the_term_it_led()
    {
        var driver = NodeDriver.Start();
        driver.ElectAsLeader();
        driver.CompleteWrite();
        driver.Propose("a");
        driver.Flush();

        var effects = driver.Step(new AppendEntries(3, "n2", 0, 0, [], LeaderCommit: 0));

        var lost = Assert.Single(effects.OfType<RaftEffect.LeadershipLost>());
        Assert.Equal(1, lost.Term);
        Assert.Equal("member 'n1' stopped leading term 1 (now in term 3); the entry may still be committed by the next leader", lost.Detail);
        Assert.Equal(new ProposeResult(Accepted: false, FirstIndex: 0, Term: 3, LeaderId: "n2"), driver.Propose("b"));
    }
}
