using System.Diagnostics;
using Raft.Actors.Messages;
using Raft.Actors.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

/// <summary>
/// The SQLite journal's speed on the paths a peer waits on: a large append and a restart. The limits sit well above
/// what a Release build does on an idle machine (tens of ms for the append, well under 1.5 s for the load), since
/// tests run a Debug build on a shared machine: they catch a regression of kind, not of a few percent, and print
/// what they measured.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class SqliteJournalTimingTests(ITestOutputHelper output) : IDisposable
{
    private const string Cluster = "cluster-a";
    private const string Member = "member-1";
    private readonly TemporaryDirectory _directory = new();

    private string JournalPath => _directory.File("peer.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Ten_thousand_entries_append_in_one_write_within_tens_of_milliseconds()
    {
        using var journal = new SqliteJournal(JournalPath, Cluster, Member);
        journal.Write([new JournalOperation.Append(TestEntries.Range(1, 100, term: 1))]);
        var best = TimeSpan.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var entries = TestEntries.Range(101 + (round * 10_000), 10_000, term: 1, commandLength: 16);
            var clock = Stopwatch.StartNew();
            journal.Write([new JournalOperation.Append(entries)]);
            best = Min(best, clock.Elapsed);
        }

        output.WriteLine($"10,000 entries in one write: best of 3 {best.TotalMilliseconds:F1} ms.");
        Assert.True(best < TimeSpan.FromMilliseconds(250), $"Appending 10,000 entries took {best.TotalMilliseconds:F0} ms.");
    }

    [Fact]
    public void A_million_entries_reopen_and_load_within_the_budget()
    {
        const int Count = 1_000_000;
        const int BatchSize = 50_000;
        var clock = Stopwatch.StartNew();
        using (var journal = new SqliteJournal(JournalPath, Cluster, Member))
        {
            for (var first = 1; first <= Count; first += BatchSize)
            {
                journal.Write([new JournalOperation.Append(TestEntries.Range(first, BatchSize, term: 1, commandLength: 16))]);
            }
        }

        var written = clock.Elapsed;
        clock.Restart();
        using var reopened = new SqliteJournal(JournalPath, Cluster, Member);
        var opened = clock.Elapsed;
        clock.Restart();
        var recovery = reopened.Load();
        var loaded = clock.Elapsed;
        output.WriteLine(
            $"1,000,000 entries: written in {written.TotalMilliseconds:F0} ms; reopened (with quick_check) in {opened.TotalMilliseconds:F0} ms; loaded in {loaded.TotalMilliseconds:F0} ms.");
        Assert.Equal(Count, recovery.Entries.Count);
        Assert.True(recovery.Entries[^1].SameAs(TestEntries.Entry(Count, 1, 16)), $"The last entry came back as {recovery.Entries[^1]}.");
        Assert.True(loaded < TimeSpan.FromSeconds(6), $"Loading 1,000,000 entries took {loaded.TotalMilliseconds:F0} ms.");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
