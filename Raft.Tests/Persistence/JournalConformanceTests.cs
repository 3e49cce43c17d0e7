using System.Diagnostics;
using Raft.Actors.Messages;
using Raft.Actors.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

/// <summary>
/// The contract every journal keeps, run against each implementation by a subclass. What a test checks is read
/// through a fresh open of the same storage, so it passes only for what survives a restart, not for what a cache
/// remembers. The cases are virtual so that a subclass can re-declare them with another fact attribute.
/// </summary>
public abstract class JournalConformanceTests(ITestOutputHelper output) : IDisposable
{
    protected ITestOutputHelper Output { get; } = output;

    public void Dispose()
    {
        Cleanup();
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens the journal under test; once the previous one is disposed, opens the same storage again.</summary>
    protected abstract IRaftJournal Open();

    /// <summary>Removes whatever the test stored.</summary>
    protected virtual void Cleanup()
    {
    }

    [Fact]
    public virtual void An_empty_journal_loads_as_empty()
    {
        JournalAssert.Recovered(HardState.Initial, null, [], Reload());
    }

    [Fact]
    public virtual void Appended_entries_load_back_in_order()
    {
        LogEntry[] expected = [.. TestEntries.Range(1, 3, term: 1), LogEntry.NoOp(4, 2), .. TestEntries.Range(5, 2, term: 2, commandLength: 0)];
        using (var journal = Open())
        {
            journal.Write([Append(expected[..3])]);
            journal.Write([Append(expected[3..])]);
            JournalAssert.Entries(expected, journal.Load().Entries);
        }

        JournalAssert.Recovered(HardState.Initial, null, expected, Reload());
    }

    [Fact]
    public virtual void Truncating_removes_the_entry_and_every_one_after_it()
    {
        var entries = TestEntries.Range(1, 5, term: 1);
        using (var journal = Open())
        {
            journal.Write([Append(entries)]);
            journal.Write([new JournalOperation.TruncateFrom(3)]);
        }

        JournalAssert.Recovered(HardState.Initial, null, entries[..2], Reload());
    }

    [Fact]
    public virtual void Entries_replace_a_truncated_suffix_in_the_same_batch()
    {
        var old = TestEntries.Range(1, 5, term: 1);
        var replacement = TestEntries.Range(3, 2, term: 2);
        using (var journal = Open())
        {
            journal.Write([Append(old)]);
            journal.Write([new JournalOperation.TruncateFrom(3), Append(replacement)]);
        }

        JournalAssert.Recovered(HardState.Initial, null, [.. old[..2], .. replacement], Reload());
    }

    [Fact]
    public virtual void Entries_replace_a_truncated_suffix_in_a_later_batch_after_reopening()
    {
        var old = TestEntries.Range(1, 5, term: 1);
        var replacement = TestEntries.Range(4, 3, term: 3);
        using (var journal = Open())
        {
            journal.Write([Append(old)]);
            journal.Write([new JournalOperation.TruncateFrom(4)]);
        }

        // The reopened journal must know from storage alone where its log ends.
        using (var journal = Open())
        {
            journal.Write([Append(replacement)]);
        }

        JournalAssert.Recovered(HardState.Initial, null, [.. old[..3], .. replacement], Reload());
    }

    [Fact]
    public virtual void Hard_state_round_trips_with_and_without_a_vote()
    {
        using (var journal = Open())
        {
            journal.Write([new JournalOperation.SaveHardState(new HardState(5, "peer-b"))]);
        }

        Assert.Equal(new HardState(5, "peer-b"), Reload().HardState);
        using (var journal = Open())
        {
            journal.Write([new JournalOperation.SaveHardState(new HardState(6, null))]);
        }

        JournalAssert.Recovered(new HardState(6, null), null, [], Reload());
    }

    [Fact]
    public virtual void A_snapshot_drops_the_entries_it_covers_and_keeps_the_rest()
    {
        var entries = TestEntries.Range(1, 10, term: 2);
        var first = new SnapshotRecord(6, 2, [1, 2, 3]);
        var second = new SnapshotRecord(8, 2, [4, 5]);
        using (var journal = Open())
        {
            journal.Write([Append(entries), new JournalOperation.SaveSnapshot(first)]);
        }

        JournalAssert.Recovered(HardState.Initial, first, entries[6..], Reload());
        var next = TestEntries.Entry(11, 3);
        using (var journal = Open())
        {
            journal.Write([Append([next])]);
            journal.Write([new JournalOperation.SaveSnapshot(second)]);
        }

        JournalAssert.Recovered(HardState.Initial, second, [.. entries[8..], next], Reload());
    }

    [Fact]
    public virtual void A_snapshot_beyond_the_last_entry_drops_every_entry()
    {
        var snapshot = new SnapshotRecord(9, 4, [9, 9]);
        using (var journal = Open())
        {
            journal.Write([Append(TestEntries.Range(1, 5, term: 1))]);
            journal.Write([new JournalOperation.SaveSnapshot(snapshot)]);
        }

        JournalAssert.Recovered(HardState.Initial, snapshot, [], Reload());

        // The log now continues after the snapshot.
        var next = TestEntries.Entry(10, 4);
        using (var journal = Open())
        {
            journal.Write([Append([next])]);
        }

        JournalAssert.Recovered(HardState.Initial, snapshot, [next], Reload());
    }

    [Fact]
    public virtual void Everything_written_survives_dispose_and_reopen()
    {
        var hardState = new HardState(3, "peer-a");
        var snapshot = new SnapshotRecord(4, 2, TestEntries.Command(4, 2, 100));
        var entries = TestEntries.Range(1, 8, term: 2);
        using (var journal = Open())
        {
            journal.Write([new JournalOperation.SaveHardState(hardState), Append(entries[..6])]);
            journal.Write([Append(entries[6..]), new JournalOperation.SaveSnapshot(snapshot)]);
        }

        JournalAssert.Recovered(hardState, snapshot, entries[4..], Reload());
        var later = TestEntries.Range(9, 2, term: 3);
        using (var journal = Open())
        {
            journal.Write([new JournalOperation.SaveHardState(new HardState(4, null)), Append(later)]);
        }

        JournalAssert.Recovered(new HardState(4, null), snapshot, [.. entries[4..], .. later], Reload());
    }

    [Fact]
    public virtual void Entries_of_one_MiB_round_trip()
    {
        const int OneMiB = 1 << 20;
        var entries = TestEntries.Range(1, 3, term: 1, commandLength: OneMiB);
        using (var journal = Open())
        {
            journal.Write([Append(entries[..2])]);
            journal.Write([Append(entries[2..])]);
        }

        JournalAssert.Recovered(HardState.Initial, null, entries, Reload());
    }

    [Fact]
    public virtual void A_hundred_thousand_entries_written_in_batches_reload_exactly()
    {
        const int Batches = 100;
        const int BatchSize = 1_000;
        var entries = new List<LogEntry>(Batches * BatchSize);
        var clock = Stopwatch.StartNew();
        using (var journal = Open())
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                // Command sizes vary from 0 to 63 bytes; the term rises every ten batches.
                var appended = Enumerable.Range(entries.Count + 1, BatchSize)
                    .Select(index => TestEntries.Entry(index, term: 1 + (batch / 10), commandLength: index % 64))
                    .ToArray();
                journal.Write([Append(appended)]);
                entries.AddRange(appended);
            }
        }

        var written = clock.Elapsed;
        clock.Restart();
        var recovery = Reload();
        Output.WriteLine($"{GetType().Name}: wrote {entries.Count} entries in {Batches} batches in {written.TotalMilliseconds:F0} ms; reopened and loaded them in {clock.Elapsed.TotalMilliseconds:F0} ms.");
        JournalAssert.Recovered(HardState.Initial, null, entries, recovery);
    }

    [Fact]
    public virtual void A_batch_that_would_leave_a_gap_is_refused_whole()
    {
        var entries = TestEntries.Range(1, 3, term: 1);
        using (var journal = Open())
        {
            journal.Write([Append(entries)]);
            Assert.Throws<InvalidOperationException>(() => journal.Write(
                [new JournalOperation.SaveHardState(new HardState(7, "peer-c")), Append([TestEntries.Entry(4, 1)]), Append([TestEntries.Entry(6, 1)])]));

            // Nothing of the refused batch happened, so entry 4 still follows entry 3.
            journal.Write([Append([TestEntries.Entry(4, 2)])]);
        }

        JournalAssert.Recovered(HardState.Initial, null, [.. entries, TestEntries.Entry(4, 2)], Reload());
    }

    /// <summary>Asserts that every conformance case is re-declared by <paramref name="subclass"/> with <typeparamref name="TFact"/>.</summary>
    protected static void AssertEveryCaseIsDeclaredWith<TFact>(Type subclass)
        where TFact : FactAttribute
    {
        var cases = typeof(JournalConformanceTests).GetMethods().Where(method => method.IsDefined(typeof(FactAttribute), inherit: false));
        var missing = cases
            .Where(method => subclass.GetMethod(method.Name)?.DeclaringType != subclass
                || !subclass.GetMethod(method.Name)!.IsDefined(typeof(TFact), inherit: false))
            .Select(method => method.Name)
            .ToList();
        Assert.True(missing.Count == 0, $"{subclass.Name} must override these cases with [{typeof(TFact).Name}]: {string.Join(", ", missing)}");
    }

    protected JournalRecovery Reload()
    {
        using var journal = Open();
        return journal.Load();
    }

    private static JournalOperation.Append Append(LogEntry[] entries) => new(entries);
}
