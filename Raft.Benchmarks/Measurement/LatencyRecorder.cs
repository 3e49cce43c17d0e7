using System.Diagnostics;
using HdrHistogram;

namespace Raft.Benchmarks.Measurement;

/// <summary>
/// Records latencies from many threads without locks or contention: each thread records into its own HdrHistogram
/// (3 significant digits, so a percentile read back is within 0.1 % of the recorded value), registered under a lock
/// only the first time that thread records. The recorder keeps every histogram it handed out, so a thread-pool
/// thread that retires loses nothing. Read <see cref="Snapshot"/> once recording has stopped (e.g. after awaiting
/// the recording tasks). HdrHistogram's own <c>Recorder</c> is not used: every record there goes through one shared
/// interlocked counter, which hundreds of proposers on two cores would contend on.
/// </summary>
internal sealed class LatencyRecorder
{
    /// <summary>An hour, in nanoseconds: far beyond any proposal timeout; longer values are recorded as this.</summary>
    private const long Highest = 3_600_000_000_000;

    private const int SignificantDigits = 3;

    [ThreadStatic]
    private static Slot? t_slot;

    private readonly List<LongHistogram> _histograms = [];

    /// <summary>Records <paramref name="endTimestamp"/> − <paramref name="startTimestamp"/> (both from <see cref="Stopwatch.GetTimestamp"/>) in nanoseconds.</summary>
    public void RecordSince(long startTimestamp, long endTimestamp) => Record(ToNanoseconds(endTimestamp - startTimestamp));

    public void Record(long nanoseconds)
    {
        var slot = t_slot;
        if (slot is null || !ReferenceEquals(slot.Owner, this))
        {
            slot = Register();
        }

        slot.Histogram.RecordValue(Math.Clamp(nanoseconds, 1, Highest));
    }

    /// <summary>All threads' histograms merged into a new one, in nanoseconds.</summary>
    public LongHistogram Snapshot()
    {
        var merged = NewHistogram();
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

    private static LongHistogram NewHistogram() => new(1, Highest, SignificantDigits);

    private Slot Register()
    {
        var slot = new Slot(this, NewHistogram());
        lock (_histograms)
        {
            _histograms.Add(slot.Histogram);
        }

        t_slot = slot;
        return slot;
    }

    private sealed record Slot(LatencyRecorder Owner, LongHistogram Histogram);
}
