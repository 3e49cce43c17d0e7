using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Tests.Persistence;

internal static class RecoveryAssert
{
    /// <summary>Same hard state, same snapshot (bytes included) and the same entries, each compared in full.</summary>
    public static void Equal(JournalRecovery expected, JournalRecovery actual, string context = "")
    {
        Assert.True(expected.HardState == actual.HardState, $"{context}hard state: expected {expected.HardState}, got {actual.HardState}");
        if (expected.Snapshot is null || actual.Snapshot is null)
        {
            Assert.True(expected.Snapshot is null && actual.Snapshot is null, $"{context}snapshot: expected {expected.Snapshot?.ToString() ?? "none"}, got {actual.Snapshot?.ToString() ?? "none"}");
        }
        else
        {
            Assert.True(
                expected.Snapshot.LastIncludedIndex == actual.Snapshot.LastIncludedIndex
                    && expected.Snapshot.LastIncludedTerm == actual.Snapshot.LastIncludedTerm
                    && expected.Snapshot.Data.AsSpan().SequenceEqual(actual.Snapshot.Data),
                $"{context}snapshot: expected {expected.Snapshot}, got {actual.Snapshot}");
        }

        Entries(expected.Entries, actual.Entries, context);
    }

    public static void Entries(IReadOnlyList<LogEntry> expected, IReadOnlyList<LogEntry> actual, string context = "")
    {
        Assert.True(expected.Count == actual.Count, $"{context}expected {expected.Count} entries, got {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].SameAs(actual[i]), $"{context}entry {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
