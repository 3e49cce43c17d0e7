using System.Diagnostics;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Scenarios;

/// <summary>Waiting helpers that notice a failed group and Ctrl+C while they wait.</summary>
internal static class Steps
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits <paramref name="duration"/>; false if interrupted first. Throws if the group fails meanwhile.</summary>
    public static async Task<bool> WaitAsync(TimeSpan duration, BenchGroup bench, CancellationToken interrupted)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            bench.ThrowIfFailed();
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), until);
            if (left <= TimeSpan.Zero)
            {
                return true;
            }

            try
            {
                await Task.Delay(left < CheckEvery ? left : CheckEvery, interrupted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Polls <paramref name="condition"/> every <paramref name="every"/> until it holds, returning how long that took;
    /// throws naming <paramref name="what"/> if it does not within <paramref name="within"/>.
    /// </summary>
    public static async Task<TimeSpan> UntilAsync(
        Func<Task<bool>> condition, BenchGroup bench, TimeSpan every, TimeSpan within, string what, CancellationToken interrupted)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            bench.ThrowIfFailed();
            if (await condition().ConfigureAwait(false))
            {
                return Stopwatch.GetElapsedTime(started);
            }

            if (Stopwatch.GetElapsedTime(started) > within)
            {
                throw new BenchmarkFailedException($"Gave up after {Format.Ms(within)}: {what}.");
            }

            await Task.Delay(every, interrupted).ConfigureAwait(false);
        }
    }
}

/// <summary>Collections and allocation so far, to report what a measured window cost the GC.</summary>
internal readonly record struct GcCounters(int Gen0, int Gen1, int Gen2, long Allocated, TimeSpan Paused)
{
    public static GcCounters Read() => new(
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration());

    public string Since(GcCounters start) =>
        $"GC gen0/gen1/gen2 {Gen0 - start.Gen0}/{Gen1 - start.Gen1}/{Gen2 - start.Gen2}, paused {Format.Ms(Paused - start.Paused)}, allocated {Format.Megabytes(Allocated - start.Allocated)}";
}
