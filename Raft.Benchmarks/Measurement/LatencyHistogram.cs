using System.Numerics;

namespace Raft.Benchmarks.Measurement;

/// <summary>
/// A log-linear histogram of non-negative values (the benchmark records nanoseconds), in the spirit of HdrHistogram:
/// values below 256 have a bucket each; above that every power of two is split into 128 equal buckets, so a value's
/// bucket is at most 1/128 (0.8 %) of it wide. Fixed size (7,296 counters), recording is O(1) without allocation,
/// and percentiles are read by one walk over the counters — nothing is sorted. Not thread-safe: each thread records
/// into its own (<see cref="LatencyRecorder"/>) and they are merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 8;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int HalfSubBucketCount = SubBucketCount / 2;

    // Exact buckets for 0..255, then 128 per power of two from 2^8 up to 2^62 (the highest a long reaches).
    private const int BucketCount = SubBucketCount + ((63 - SubBucketBits) * HalfSubBucketCount);

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public long Min { get; private set; } = long.MaxValue;

    public long Max { get; private set; }

    public double Mean => Count == 0 ? 0 : _sum / Count;

    private double _sum;

    public void Record(long value)
    {
        if (value < 0)
        {
            value = 0;
        }

        _counts[IndexOf(value)]++;
        Count++;
        _sum += value;
        if (value > Max)
        {
            Max = value;
        }

        if (value < Min)
        {
            Min = value;
        }
    }

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        _sum += other._sum;
        Max = Math.Max(Max, other.Max);
        Min = Math.Min(Min, other.Min);
    }

    /// <summary>
    /// The smallest recorded value v such that <paramref name="percentile"/> % of the values are ≤ v, to the
    /// histogram's precision (the top of v's bucket, never above <see cref="Max"/>); 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Clamp((long)Math.Ceiling(percentile / 100.0 * Count), 1, Count);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalentValue(i), Max);
            }
        }

        return Max;
    }

    internal static int IndexOf(long value)
    {
        if (value < SubBucketCount)
        {
            return (int)value;
        }

        // The top SubBucketBits bits of the value pick its bucket within its power of two.
        var exponent = BitOperations.Log2((ulong)value);
        var shift = exponent - (SubBucketBits - 1);
        var top = (int)(value >> shift);
        return SubBucketCount + ((exponent - SubBucketBits) * HalfSubBucketCount) + (top - HalfSubBucketCount);
    }

    /// <summary>The largest value that lands in bucket <paramref name="index"/>.</summary>
    internal static long HighestEquivalentValue(int index)
    {
        if (index < SubBucketCount)
        {
            return index;
        }

        var offset = index - SubBucketCount;
        var exponent = (offset / HalfSubBucketCount) + SubBucketBits;
        var top = (long)((offset % HalfSubBucketCount) + HalfSubBucketCount);
        var shift = exponent - (SubBucketBits - 1);
        var next = (top + 1) << shift;
        return next <= 0 ? long.MaxValue : next - 1;
    }
}
