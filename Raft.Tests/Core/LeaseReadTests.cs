using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// Lease reads (thesis §6.4.1): a leader whose round a majority acknowledged serves reads without another round until
/// ElectionTimeoutMin minus the drift margin after that round was sent, by the host's clock. Here the lease is
/// 150 ms - 50 ms = 100 ms.
/// </summary>
public sealed class LeaseReadTests
{
    private static readonly RaftOptions Lease = new() { ReadMode = ReadMode.Lease };

    [Fact]
    public void Within_its_lease_a_leader_serves_a_read_without_a_round()
    {
        var driver = LeaderWithLeaseFrom(10);

        EffectAssert.Exactly(driver.ReadAt(40, 2), "ReadsReady [2] at 1");
    }

    [Fact]
    public void A_lease_ends_ElectionTimeoutMin_minus_the_drift_margin_after_the_round_that_earned_it_was_sent()
    {
        var driver = LeaderWithLeaseFrom(10);

        EffectAssert.Only<RaftEffect.ReadsReady>(driver.ReadAt(109.9, 2), "ReadsReady [2] at 1");
        EffectAssert.Exactly(driver.ReadAt(110, 3), "Send n2 ReadHeartbeat(term 1, round 3)", "Send n3 ReadHeartbeat(term 1, round 3)");
    }

    [Fact]
    public void A_lease_with_half_of_it_left_is_renewed_by_a_round_while_reads_go_on_being_served()
    {
        var driver = LeaderWithLeaseFrom(10);

        EffectAssert.Exactly(driver.ReadAt(70, 2), "ReadsReady [2] at 1", "Send n2 ReadHeartbeat(term 1, round 2)", "Send n3 ReadHeartbeat(term 1, round 2)");
        driver.Step(new ReadHeartbeatResult(1, "n2", 2));

        EffectAssert.Only<RaftEffect.ReadsReady>(driver.ReadAt(150, 3), "ReadsReady [3] at 1");
    }

    [Fact]
    public void Without_lease_reads_every_read_waits_for_a_round()
    {
        var driver = ReadDriver.CommittedLeader();
        driver.ReadAt(10, 1);
        driver.Step(new ReadHeartbeatResult(1, "n2", 1));

        EffectAssert.Exactly(driver.ReadAt(20, 2), "Send n2 ReadHeartbeat(term 1, round 2)", "Send n3 ReadHeartbeat(term 1, round 2)");
    }

    [Fact]
    public void A_leader_that_steps_down_and_leads_again_has_no_lease_left()
    {
        var driver = LeaderWithLeaseFrom(10);
        driver.Step(new AppendEntries(2, "n2", 1, 1, [], 1));
        driver.CompleteWrite();
        driver.Step(RaftTimer.ElectionTimeout);
        driver.CompleteWrite();
        var elected = driver.Step(new RequestVoteResult(3, "n2", VoteGranted: true));
        driver.CompleteWrite();
        driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));
        Assert.Equal((RaftRole.Leader, 2L), (driver.Node.Role, driver.Node.CommitIndex));

        EffectAssert.Exactly(driver.ReadAt(20, 2), "Send n2 ReadHeartbeat(term 3, round 2)", "Send n3 ReadHeartbeat(term 3, round 2)");
    }

    [Theory]
    [InlineData(150)]
    [InlineData(200)]
    public void A_drift_margin_that_leaves_no_lease_is_refused(int marginMs)
    {
        var options = new RaftOptions { ReadMode = ReadMode.Lease, LeaseDriftMargin = TimeSpan.FromMilliseconds(marginMs) };

        Assert.Contains(options.Problems(), p => p.Contains(nameof(RaftOptions.LeaseDriftMargin)) && p.Contains(nameof(RaftOptions.ElectionTimeoutMin)));
    }

    [Fact]
    public void A_negative_drift_margin_is_refused()
    {
        var options = new RaftOptions { LeaseDriftMargin = TimeSpan.FromMilliseconds(-1) };

        Assert.Contains(options.Problems(), p => p.Contains(nameof(RaftOptions.LeaseDriftMargin)));
    }

    /// <summary>A committed leader whose round sent at <paramref name="sentAtMs"/> a majority acknowledged.</summary>
    private static NodeDriver LeaderWithLeaseFrom(double sentAtMs)
    {
        var driver = ReadDriver.CommittedLeader(Lease);
        EffectAssert.Exactly(driver.ReadAt(sentAtMs, 1), "Send n2 ReadHeartbeat(term 1, round 1)", "Send n3 ReadHeartbeat(term 1, round 1)");
        EffectAssert.Exactly(driver.Step(new ReadHeartbeatResult(1, "n2", 1)), "ReadsReady [1] at 1");
        return driver;
    }
}
