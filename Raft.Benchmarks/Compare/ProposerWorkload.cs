using System.Diagnostics;
using Raft.Benchmarks.Contenders;
using Raft.Benchmarks.Measurement;
using Raft.Benchmarks.Scenarios;

namespace Raft.Benchmarks.Compare;

/// <summary>
/// <see cref="Proposers"/> concurrent proposers, each awaiting its own proposal's commit before proposing the next
/// (a fresh command each time, as a client would). After the warm-up, every proposal that commits during the
/// measured window counts toward the rate and has its latency — from the call to the commit — recorded in
/// HdrHistogram; every proposal that fails in the window counts as an error, by type.
/// </summary>
internal sealed class ProposerWorkload(IContender contender, int proposers, int commandBytes, TimeSpan proposalTimeout)
{
    private const int Warming = 0;
    private const int Measuring = 1;
    private const int Done = 2;

    private readonly LatencyRecorder _latencies = new();
    private readonly ErrorTally _errors = new();
    private int _stage = Warming;
    private long _committed;

    public int Proposers { get; } = proposers;

    /// <summary>Proposals committed so far, warm-up included (for the progress line).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    public long Errors => _errors.Total;

    public async Task<ProposalFigures> RunAsync(TimeSpan warmup, TimeSpan duration, CancellationToken interrupted)
    {
        var tasks = new Task[Proposers];
        for (var i = 0; i < Proposers; i++)
        {
            var proposer = i;
            tasks[i] = Task.Run(() => ProposeLoop(proposer, interrupted), CancellationToken.None);
        }

        await Task.Delay(warmup, interrupted).ConfigureAwait(false);
        var windowStart = Stopwatch.GetTimestamp();
        Volatile.Write(ref _stage, Measuring);
        await Task.Delay(duration, interrupted).ConfigureAwait(false);
        Volatile.Write(ref _stage, Done);
        var window = Stopwatch.GetElapsedTime(windowStart);

        // Each proposer stops after its proposal in flight, which ends within the proposal timeout.
        var all = Task.WhenAll(tasks);
        if (await Task.WhenAny(all, Task.Delay(proposalTimeout * 3, CancellationToken.None)).ConfigureAwait(false) != all)
        {
            throw new TimeoutException($"{Proposers} proposers: proposals were still in flight {proposalTimeout.TotalSeconds * 3:0} s after the window closed.");
        }

        await all.ConfigureAwait(false);
        var histogram = _latencies.Snapshot();
        return new ProposalFigures(
            Proposers,
            histogram.TotalCount / window.TotalSeconds,
            histogram.GetValueAtPercentile(50),
            histogram.GetValueAtPercentile(99),
            histogram.GetValueAtPercentile(99.9),
            _errors.ToString());
    }

    private async Task ProposeLoop(int proposer, CancellationToken interrupted)
    {
        long sequence = 0;
        while (Volatile.Read(ref _stage) != Done && !interrupted.IsCancellationRequested)
        {
            var command = BenchGroup.Command(commandBytes, proposer, sequence++);
            var start = Stopwatch.GetTimestamp();
            try
            {
                await contender.ProposeAsync(command, proposalTimeout, interrupted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (Volatile.Read(ref _stage) == Measuring)
                {
                    _errors.Add(ex);
                }

                // A contender that fails at once (no leader it can name) must not spin the two cores.
                await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            var end = Stopwatch.GetTimestamp();
            if (Volatile.Read(ref _stage) == Measuring)
            {
                _latencies.RecordSince(start, end);
            }

            Interlocked.Increment(ref _committed);
        }
    }
}
