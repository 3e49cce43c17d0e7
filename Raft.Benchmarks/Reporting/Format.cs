using System.Globalization;
using HdrHistogram;

namespace Raft.Benchmarks.Reporting;

/// <summary>Invariant-culture formatting of the figures the scenarios print.</summary>
internal static class Format
{
    public static string Ms(double milliseconds) => milliseconds switch
    {
        < 1 => Invariant($"{milliseconds:0.000} ms"),
        < 100 => Invariant($"{milliseconds:0.00} ms"),
        _ => Invariant($"{milliseconds:0} ms"),
    };

    public static string Ms(TimeSpan duration) => Ms(duration.TotalMilliseconds);

    public static string NanosAsMs(long nanoseconds) => Ms(nanoseconds / 1e6);

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Rate(double perSecond) => perSecond.ToString(perSecond < 100 ? "N1" : "N0", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan duration) => Invariant($"{duration.TotalSeconds:0.00} s");

    public static string Megabytes(long bytes) => Invariant($"{bytes / (1024.0 * 1024.0):0.0} MB");

    /// <summary>"p50 0.412 ms, p90 …, p99 …, max …" for the given percentiles.</summary>
    public static string Percentiles(HistogramBase histogram, params double[] percentiles)
    {
        var parts = percentiles.Select(p => $"{PercentileName(p)} {NanosAsMs(histogram.GetValueAtPercentile(p))}").Append($"max {NanosAsMs(histogram.GetMaxValue())}");
        return string.Join(", ", parts);
    }

    public static string PercentileName(double percentile) => "p" + percentile.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Median, min and max of a few samples (restart and failover repeat a handful of times; sorting them is fine).</summary>
    public static (double Median, double Min, double Max) Spread(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            return (0, 0, 0);
        }

        var sorted = samples.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return (median, sorted[0], sorted[^1]);
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
