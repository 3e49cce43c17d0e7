using Raft.Actors.Messages;
using Raft.Actors.Persistence;

namespace Raft.Tests.Persistence;

/// <summary>Compares what a journal recovered with what it should hold, naming the first difference.</summary>
internal static class JournalAssert
{
    public static void Recovered(HardState hardState, SnapshotRecord? snapshot, IReadOnlyList<LogEntry> entries, JournalRecovery actual)
    {
        Assert.Equal(hardState, actual.HardState);
        if (snapshot is null)
        {
            Assert.Null(actual.Snapshot);
        }
        else
        {
            Assert.NotNull(actual.Snapshot);
            Assert.Equal((snapshot.LastIncludedIndex, snapshot.LastIncludedTerm), (actual.Snapshot.LastIncludedIndex, actual.Snapshot.LastIncludedTerm));
            Assert.True(snapshot.Data.AsSpan().SequenceEqual(actual.Snapshot.Data), $"Snapshot data differs: expected {snapshot.Data.Length} bytes, got {actual.Snapshot.Data.Length}.");
        }

        Entries(entries, actual.Entries);
    }

    public static void Entries(IReadOnlyList<LogEntry> expected, IReadOnlyList<LogEntry> actual)
    {
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            if (!expected[i].SameAs(actual[i]))
            {
                Assert.Fail($"Entry at position {i}: expected {expected[i]}, got {actual[i]}.");
            }
        }

        Assert.True(
            expected.Count == actual.Count,
            $"Expected {expected.Count} entries ({Span(expected)}), got {actual.Count} ({Span(actual)}).");
    }

    private static string Span(IReadOnlyList<LogEntry> entries) => entries.Count == 0 ? "none" : $"{entries[0].Index}..{entries[^1].Index}";
}
