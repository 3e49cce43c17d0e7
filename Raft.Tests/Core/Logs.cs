using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Tests.Core;

/// <summary>Builds logs for the tests in this folder: one entry per term given, from index 1 (or after a snapshot).</summary>
internal static class Logs
{
    public static RaftLog WithTerms(params long[] terms) => AfterSnapshot(0, 0, terms);

    public static RaftLog AfterSnapshot(long snapshotIndex, long snapshotTerm, params long[] terms) =>
        new(snapshotIndex, snapshotTerm, Entries(snapshotIndex + 1, terms));

    public static LogEntry[] Entries(long firstIndex, params long[] terms) =>
        terms.Select((term, i) => Entry(firstIndex + i, term)).ToArray();

    /// <summary>An entry whose command is <paramref name="bytes"/> bytes long.</summary>
    public static LogEntry Entry(long index, long term, int bytes = 1) =>
        new(index, term, EntryKind.Command, Enumerable.Repeat((byte)index, bytes).ToArray());

    public static long[] TermsOf(RaftLog log) => log.Range(log.FirstIndex, log.LastIndex).Select(e => e.Term).ToArray();
}
