using System.Diagnostics;
using Raft.Benchmarks.Contenders;
using Raft.Benchmarks.Reporting;
using Raft.Benchmarks.Scenarios;

namespace Raft.Benchmarks.Compare;

/// <summary>
/// <see cref="Rounds"/> times: commit a proposal (so a leader is in charge), stop that leader, propose at once
/// (retrying whatever fails) and time from the stop request to the next commit, which must be in a later term; then
/// start the stopped member again and wait until it has counted what the new leader had, so every round starts from
/// three healthy members.
/// </summary>
internal sealed class FailoverWorkload(IContender contender, int rounds, int commandBytes, TimeSpan proposalTimeout)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ErrorTally _errors = new();
    private long _sequence;

    public int Rounds { get; } = rounds;

    public int Completed { get; private set; }

    public async Task<FailoverFigures> RunAsync(Action<string> progress, CancellationToken interrupted)
    {
        var committed = new List<double>();
        var retries = 0;
        for (var round = 1; round <= Rounds; round++)
        {
            var (before, failedBefore) = await CommitAsync($"round {round}, before stopping the leader", Stopwatch.GetTimestamp(), interrupted).ConfigureAwait(false);
            var leader = before.Leader;
            var stopRequested = Stopwatch.GetTimestamp();
            await contender.StopMemberAsync(leader, interrupted).ConfigureAwait(false);
            var stopped = Stopwatch.GetElapsedTime(stopRequested);
            var (after, failed) = await CommitAsync($"round {round}, after stopping {leader}", stopRequested, interrupted).ConfigureAwait(false);
            var failover = Stopwatch.GetElapsedTime(stopRequested);
            if (after.Term <= before.Term)
            {
                throw new InvalidOperationException($"Round {round}: after stopping {leader} (leader in term {before.Term}) a proposal committed in term {after.Term}: {leader} was not the leader.");
            }

            retries += failedBefore + failed;
            committed.Add(failover.TotalMilliseconds);
            progress(Format.Invariant($"failover round {round}/{Rounds}: stopped {leader} (term {before.Term}) in {Format.Ms(stopped)}; {after.Leader} committed in term {after.Term} {Format.Ms(failover)} after the stop request{(failed > 0 ? $" ({failed} attempts failed first)" : "")}"));

            var target = contender.Applied(after.Leader);
            await contender.StartMemberAsync(leader, interrupted).ConfigureAwait(false);
            var restarted = Stopwatch.GetTimestamp();
            while (contender.Applied(leader) < target)
            {
                if (contender.Failure is { } failure)
                {
                    throw new InvalidOperationException(failure);
                }

                if (Stopwatch.GetElapsedTime(restarted) > Deadline)
                {
                    throw new TimeoutException($"Round {round}: {leader} counted {contender.Applied(leader)} of {target} commands {Format.Ms(Deadline)} after its restart.");
                }

                await Task.Delay(5, interrupted).ConfigureAwait(false);
            }

            Completed = round;
        }

        var (median, _, max) = Format.Spread(committed);
        return new FailoverFigures(committed.Count, median, max, retries, _errors.ToString());
    }

    /// <summary>Proposes until one commits, counting the attempts that failed; gives up <see cref="Deadline"/> after <paramref name="since"/>.</summary>
    private async Task<(Commit Commit, int Failed)> CommitAsync(string what, long since, CancellationToken interrupted)
    {
        var failed = 0;
        while (true)
        {
            try
            {
                var command = BenchGroup.Command(commandBytes, 0, Interlocked.Increment(ref _sequence));
                return (await contender.ProposeAsync(command, proposalTimeout, interrupted).ConfigureAwait(false), failed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !interrupted.IsCancellationRequested)
            {
                failed++;
                _errors.Add(ex);
                if (contender.Failure is { } failure)
                {
                    throw new InvalidOperationException(failure, ex);
                }

                if (Stopwatch.GetElapsedTime(since) > Deadline)
                {
                    throw new TimeoutException($"{what}: nothing committed within {Format.Ms(Deadline)} (last error {ex.GetType().Name}: {ex.Message}).", ex);
                }

                await Task.Delay(1, interrupted).ConfigureAwait(false);
            }
        }
    }
}
