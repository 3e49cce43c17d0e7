using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Actors.StateMachine;

namespace Raft.Tests.Core;

/// <summary>
/// <see cref="StateMachineDriver"/>: committed entries reach the user's state machine in order and once, no-ops never;
/// older snapshots are not restored; snapshots are taken when the policy says; a throwing state machine is named.
/// </summary>
public sealed class StateMachineDriverTests
{
    [Fact]
    public void Commands_are_applied_in_order_and_each_result_is_reported_with_its_entry()
    {
        var machine = new RecordingStateMachine();
        var driver = new StateMachineDriver("n1", machine, Never());
        var results = new List<string>();

        driver.Apply(Logs.Entries(1, 1, 1), (entry, result) => results.Add($"{entry.Index}:{result[0]}"));
        driver.Apply(Logs.Entries(3, 2), (entry, result) => results.Add($"{entry.Index}:{result[0]}"));

        Assert.Equal(new long[] { 1, 2, 3 }, machine.Applied);
        Assert.Equal(["1:1", "2:2", "3:3"], results);
        Assert.Equal(3, driver.LastApplied);
        Assert.Equal(2, driver.LastAppliedTerm);
    }

    [Fact]
    public void No_ops_are_counted_as_applied_but_never_reach_the_state_machine()
    {
        var machine = new RecordingStateMachine();
        var observer = new RecordingObserver();
        var driver = new StateMachineDriver("n1", machine, Never(), observer);
        var results = new List<long>();

        driver.Apply([LogEntry.NoOp(1, 1), Logs.Entry(2, 1)], (entry, _) => results.Add(entry.Index));

        Assert.Equal(new long[] { 2 }, machine.Applied);
        Assert.Equal(new long[] { 2 }, results);
        Assert.Equal(new long[] { 1, 2 }, observer.Applied);
        Assert.Equal(2, driver.LastApplied);
    }

    [Theory]
    [InlineData(2)] // applied twice
    [InlineData(4)] // skips one
    public void An_entry_that_is_not_the_next_index_is_refused(long index)
    {
        var machine = new RecordingStateMachine();
        var driver = new StateMachineDriver("n1", machine, Never());
        driver.Apply(Logs.Entries(1, 1, 1));

        var error = Assert.Throws<InvalidOperationException>(() => driver.Apply([Logs.Entry(index, 1)]));

        Assert.Equal($"Member 'n1' was handed entry {index} after applying 2: committed entries must arrive in order, once each.", error.Message);
        Assert.Equal(new long[] { 1, 2 }, machine.Applied);
    }

    [Fact]
    public void A_snapshot_newer_than_what_was_applied_is_restored_and_older_ones_are_ignored()
    {
        var machine = new RecordingStateMachine();
        var observer = new RecordingObserver();
        var driver = new StateMachineDriver("n1", machine, Never(), observer);
        driver.Apply(Logs.Entries(1, 1, 1));

        Assert.True(driver.Restore(new SnapshotRecord(5, 2, [5])));
        Assert.False(driver.Restore(new SnapshotRecord(5, 2, [5])));
        Assert.False(driver.Restore(new SnapshotRecord(4, 2, [4])));

        Assert.Equal(new byte[][] { [5] }, machine.Restored);
        Assert.Equal(["5@2"], observer.Restored);
        Assert.Equal(5, driver.LastApplied);
        Assert.Equal(2, driver.LastAppliedTerm);
        driver.Apply(Logs.Entries(6, 2));
        Assert.Equal(6, driver.LastApplied);
    }

    [Fact]
    public void A_snapshot_falls_due_after_the_number_of_entries_the_policy_names_no_ops_included()
    {
        var driver = new StateMachineDriver("n1", new RecordingStateMachine(), new SnapshotPolicy { EveryEntries = 3, EveryBytes = 0 });

        driver.Apply([LogEntry.NoOp(1, 1), Logs.Entry(2, 1)]);
        Assert.False(driver.SnapshotDue);
        driver.Apply([Logs.Entry(3, 1)]);
        Assert.True(driver.SnapshotDue);

        var snapshot = driver.TakeSnapshot();

        Assert.Equal("3@1 (2 bytes)", EffectText.Snapshot(snapshot!));
        Assert.Equal(new byte[] { 2, 3 }, snapshot!.Data);
        Assert.False(driver.SnapshotDue);
        Assert.Null(driver.TakeSnapshot());
    }

    [Fact]
    public void A_snapshot_falls_due_after_the_number_of_command_bytes_the_policy_names()
    {
        var driver = new StateMachineDriver("n1", new RecordingStateMachine(), new SnapshotPolicy { EveryEntries = 0, EveryBytes = 10 });

        driver.Apply([Logs.Entry(1, 1, bytes: 6)]);
        Assert.False(driver.SnapshotDue);
        driver.Apply([Logs.Entry(2, 1, bytes: 4)]);
        Assert.True(driver.SnapshotDue);
    }

    [Fact]
    public void Restoring_a_snapshot_starts_the_policy_counts_over()
    {
        var driver = new StateMachineDriver("n1", new RecordingStateMachine(), new SnapshotPolicy { EveryEntries = 2, EveryBytes = 0 });
        driver.Apply(Logs.Entries(1, 1, 1));
        Assert.True(driver.SnapshotDue);

        driver.Restore(new SnapshotRecord(4, 1, [4]));

        Assert.False(driver.SnapshotDue);
        Assert.Null(driver.TakeSnapshot());
    }

    [Fact]
    public void A_state_machine_that_throws_while_applying_is_named_with_the_member_and_index()
    {
        var driver = new StateMachineDriver("n1", new RecordingStateMachine { FailAt = 2 }, Never());

        var error = Assert.Throws<StateMachineFailedException>(() => driver.Apply(Logs.Entries(1, 1, 1, 1)));

        Assert.Equal("n1", error.MemberId);
        Assert.Equal(2, error.Index);
        Assert.Equal("Member 'n1': the state machine threw while applying index 2: boom at 2", error.Message);
        Assert.IsType<FormatException>(error.InnerException);
        Assert.Equal(1, driver.LastApplied);
    }

    [Fact]
    public void A_state_machine_that_throws_while_restoring_or_snapshotting_is_named_with_the_index()
    {
        var machine = new RecordingStateMachine { FailAt = -1 };
        var driver = new StateMachineDriver("n1", machine, Never());
        driver.Apply(Logs.Entries(1, 1, 1));

        var restoring = Assert.Throws<StateMachineFailedException>(() => driver.Restore(new SnapshotRecord(7, 1, [7])));
        var snapshotting = Assert.Throws<StateMachineFailedException>(driver.TakeSnapshot);

        Assert.Equal("Member 'n1': the state machine threw while restoring a snapshot at index 7: boom at -1", restoring.Message);
        Assert.Equal("Member 'n1': the state machine threw while snapshotting at index 2: boom at -1", snapshotting.Message);
        Assert.Equal(2, driver.LastApplied);
    }

    private static SnapshotPolicy Never() => new() { EveryEntries = 0, EveryBytes = 0 };
}
