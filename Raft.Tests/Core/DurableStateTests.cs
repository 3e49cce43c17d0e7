using Raft.Actors.Core;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// <see cref="RaftNode.DurableState"/>, what a host saves as its storage snapshot before deleting older journal
/// records: null whenever memory cannot tell what the journal holds, and otherwise exactly what replaying the journal
/// rebuilds.
/// </summary>
public sealed class DurableStateTests
{
    [Fact]
    public void DurableState_is_null_until_a_snapshot_is_durable()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1, 1]);

        Assert.Null(driver.Node.DurableState());
    }

    [Fact]
    public void DurableState_after_recovery_is_what_was_recovered()
    {
        var recovered = NodeDriver.Recovery(term: 2, votedFor: "n3", terms: [2, 2], snapshot: new SnapshotRecord(4, 1, [4]));

        var driver = NodeDriver.Start(recovered);

        Assert.Equal(EffectText.Recovery(recovered), EffectText.Recovery(driver.Node.DurableState()));
    }

    [Fact]
    public void DurableState_is_null_while_a_write_is_outstanding()
    {
        var driver = NodeDriver.Start(NodeDriver.Recovery(term: 1, terms: [1], snapshot: new SnapshotRecord(4, 1, [4])));

        driver.Step(new AppendEntries(1, "n2", 5, 1, Logs.Entries(6, 1), LeaderCommit: 0));

        Assert.NotNull(driver.Outstanding);
        Assert.Null(driver.Node.DurableState());
        driver.CompleteWrite();
        Assert.Equal(EffectText.Recovery(driver.Journal.ToRecovery()), EffectText.Recovery(driver.Node.DurableState()));
    }

    [Fact]
    public void DurableState_is_null_while_a_truncation_is_queued_because_the_journal_still_holds_the_old_entries()
    {
        var driver = NodeDriver.Start(NodeDriver.Recovery(term: 2, terms: [1, 1], snapshot: new SnapshotRecord(2, 1, [2])));

        driver.Node.Step(new AppendEntries(2, "n2", 3, 1, Logs.Entries(4, 2), LeaderCommit: 0));

        Assert.Null(driver.Node.DurableState());
    }

    [Fact]
    public void DurableState_is_null_while_a_snapshot_is_queued()
    {
        var driver = NodeDriver.Start(NodeDriver.Recovery(term: 1, terms: [1, 1], snapshot: new SnapshotRecord(2, 1, [2])));
        driver.Step(new AppendEntries(1, "n2", 4, 1, [], LeaderCommit: 4));

        driver.Node.SnapshotTaken(3, 1, [3]);

        Assert.Null(driver.Node.DurableState());
    }

    [Fact]
    public void Appends_queued_but_not_yet_written_are_left_out_of_DurableState()
    {
        var recovered = NodeDriver.Recovery(term: 1, terms: [1], snapshot: new SnapshotRecord(2, 1, [2]));
        var driver = NodeDriver.Start(recovered);

        driver.Node.Step(new AppendEntries(1, "n2", 3, 1, Logs.Entries(4, 1), LeaderCommit: 0));

        Assert.Equal(EffectText.Recovery(recovered), EffectText.Recovery(driver.Node.DurableState()));
    }

    [Fact]
    public void DurableState_equals_what_the_journal_replays_after_every_input_of_random_histories()
    {
        var (whileWriting, withoutSnapshot, compared) = (0, 0, 0);
        for (var seed = 1; seed <= 200; seed++)
        {
            var history = new FollowerHistory(seed);
            var step = 0;
            try
            {
                history.Run(300, () =>
                {
                    step++;
                    var driver = history.Driver;
                    var durable = driver.Node.DurableState();
                    if (driver.Outstanding is not null)
                    {
                        Assert.True(durable is null, $"DurableState() while write #{driver.Outstanding.Sequence} is outstanding: {EffectText.Recovery(durable)}");
                        whileWriting++;
                        return;
                    }

                    var journal = driver.Journal.ToRecovery();
                    var log = driver.Node.Log;
                    var memory = new JournalRecovery(new HardState(driver.Node.CurrentTerm, journal.HardState.VotedFor), journal.Snapshot, log.Range(log.FirstIndex, log.LastIndex).ToArray());
                    Assert.Equal(EffectText.Recovery(journal), EffectText.Recovery(memory));
                    Assert.Equal(journal.Snapshot?.LastIncludedIndex ?? 0, log.SnapshotIndex);
                    Assert.Equal(journal.Snapshot is null ? "null" : EffectText.Recovery(journal), EffectText.Recovery(durable));
                    if (journal.Snapshot is null)
                    {
                        withoutSnapshot++;
                    }
                    else
                    {
                        compared++;
                    }
                });
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"Seed {seed}, step {step}, after {history.LastInput}: {ex.Message}");
            }
        }

        // Every case was met often, so the checks above had work to do.
        Assert.All(new[] { whileWriting, withoutSnapshot, compared }, count => Assert.True(count > 1000, $"writing {whileWriting}, no snapshot {withoutSnapshot}, compared {compared}"));
    }
}
