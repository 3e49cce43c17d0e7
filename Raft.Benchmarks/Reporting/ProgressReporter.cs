using System.Diagnostics;
using System.Globalization;

namespace Raft.Benchmarks.Reporting;

/// <summary>
/// Prints a progress line every <c>interval</c> (one second) while a scenario runs: the time since the run started
/// and whatever the scenario's <see cref="Status"/> says now. Runs on its own task; the status function is called
/// from that task, so it must only read (counters, volatile fields).
/// </summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock;
    private readonly Task _loop;

    public ProgressReporter(Stopwatch clock, Func<string> status, TimeSpan? interval = null)
    {
        _clock = clock;
        Status = status;
        _loop = Task.Run(() => LoopAsync(interval ?? TimeSpan.FromSeconds(1)));
    }

    /// <summary>The text of the next line; a scenario may swap it as it moves from stage to stage.</summary>
    public Func<string> Status { get; set; }

    /// <summary>Prints a line now, stamped like the periodic ones (for events: an election, a restart).</summary>
    public void Event(string text) => Write(text);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        while (await NextTick(timer).ConfigureAwait(false))
        {
            string line;
            try
            {
                line = Status();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                line = $"(progress unavailable: {ex.Message})";
            }

            Write(line);
        }
    }

    private async Task<bool> NextTick(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Write(string text) =>
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:0.0} s] {text}"));
}
