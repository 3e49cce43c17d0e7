using System.Diagnostics;

namespace Raft.Benchmarks.Measurement;

/// <summary>
/// Records latencies from many threads without locks or contention: each thread records into its own
/// <see cref="LatencyHistogram"/>, registered (under a lock) only the first time that thread records. The recorder
/// keeps every histogram it handed out, so a thread-pool thread that retires loses nothing. Read
/// <see cref="Snapshot"/> once recording has stopped (e.g. after awaiting the recording tasks).
/// </summary>
internal sealed class LatencyRecorder
{
    [ThreadStatic]
    private static Slot? t_slot;

    private readonly List<LatencyHistogram> _histograms = [];

    /// <summary>Records <paramref name="endTimestamp"/> − <paramref name="startTimestamp"/> (both from <see cref="Stopwatch.GetTimestamp"/>) in nanoseconds.</summary>
    public void RecordSince(long startTimestamp, long endTimestamp) => Record(ToNanoseconds(endTimestamp - startTimestamp));

    public void Record(long nanoseconds)
    {
        var slot = t_slot;
        if (slot is null || !ReferenceEquals(slot.Owner, this))
        {
            slot = Register();
        }

        slot.Histogram.Record(nanoseconds);
    }

    /// <summary>All threads' histograms merged into a new one.</summary>
    public LatencyHistogram Snapshot()
    {
        var merged = new LatencyHistogram();
        lock (_histograms)
        {
            foreach (var histogram in _histograms)
            {
                merged.Add(histogram);
            }
        }

        return merged;
    }

    public static long ToNanoseconds(long stopwatchTicks) =>
        Stopwatch.Frequency == 1_000_000_000 ? stopwatchTicks : (long)(stopwatchTicks * (1e9 / Stopwatch.Frequency));

    private Slot Register()
    {
        var slot = new Slot(this, new LatencyHistogram());
        lock (_histograms)
        {
            _histograms.Add(slot.Histogram);
        }

        t_slot = slot;
        return slot;
    }

    private sealed record Slot(LatencyRecorder Owner, LatencyHistogram Histogram);
}
