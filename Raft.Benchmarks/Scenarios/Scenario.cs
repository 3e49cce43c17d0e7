using System.Diagnostics;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Scenarios;

/// <summary>A benchmark scenario with its settings already parsed and checked.</summary>
internal interface IScenario
{
    string Name { get; }

    /// <summary>The effective options, for the output and the Markdown row.</summary>
    string Options { get; }

    Task<ScenarioResult> RunAsync(RunContext context);
}

/// <summary>What every scenario gets: the run's clock (progress lines are stamped from it) and Ctrl+C.</summary>
internal sealed class RunContext(Stopwatch clock, CancellationToken interrupted)
{
    public Stopwatch Clock { get; } = clock;

    /// <summary>Cancelled on Ctrl+C: the scenario stops early and reports what it measured, marked interrupted.</summary>
    public CancellationToken Interrupted { get; } = interrupted;

    public ProgressReporter Progress(Func<string> status) => new(Clock, status);
}

/// <summary>
/// The result block's lines, a one-cell summary for the Markdown row, and whether the run was cut short
/// (interrupted by Ctrl+C) or went wrong (then no row is written and the exit code is 1).
/// </summary>
internal sealed record ScenarioResult(IReadOnlyList<string> Lines, string Summary, bool Interrupted = false, string? Failure = null);

/// <summary>Something went wrong in the group under test (an actor failed, no leader, a check failed): the run stops with exit code 1.</summary>
internal sealed class BenchmarkFailedException(string message, Exception? inner = null) : Exception(message, inner);
