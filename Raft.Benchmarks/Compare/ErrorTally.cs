using System.Collections.Concurrent;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Compare;

/// <summary>Errors seen by a workload, counted by exception type, with the first message of each type.</summary>
internal sealed class ErrorTally
{
    private readonly ConcurrentDictionary<string, Entry> _byType = new(StringComparer.Ordinal);

    public long Total => _byType.Values.Sum(e => Interlocked.Read(ref e.Count));

    public void Add(Exception error)
    {
        var entry = _byType.GetOrAdd(error.GetType().Name, _ => new Entry(OneLine(error.Message)));
        Interlocked.Increment(ref entry.Count);
    }

    /// <summary>"0", or "12: NotLeaderException ×10 (first: ...), TimeoutException ×2 (first: ...)".</summary>
    public override string ToString()
    {
        var total = Total;
        if (total == 0)
        {
            return "0";
        }

        var parts = _byType.OrderByDescending(p => Interlocked.Read(ref p.Value.Count)).Select(p => $"{p.Key} ×{Format.Count(Interlocked.Read(ref p.Value.Count))} (first: {p.Value.FirstMessage})");
        return $"{Format.Count(total)}: {string.Join(", ", parts)}";
    }

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        return line.Length <= 160 ? line : line[..157] + "...";
    }

    private sealed class Entry(string firstMessage)
    {
        public long Count;

        public string FirstMessage { get; } = firstMessage;
    }
}
