namespace Raft.Benchmarks.Compare;

/// <summary>One proposer workload's result: commits per second and commit latency (nanoseconds) in the measured window, and its errors.</summary>
internal sealed record ProposalFigures(int Proposers, double PerSecond, long P50, long P99, long P999, string Errors);
