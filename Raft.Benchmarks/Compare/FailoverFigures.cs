namespace Raft.Benchmarks.Compare;

/// <summary>The failover workload's result: per round, the time from the request to stop the leader until the next commit (ms).</summary>
internal sealed record FailoverFigures(int Rounds, double Median, double Max, int Retries, string Errors);
