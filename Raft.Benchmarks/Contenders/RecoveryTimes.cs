namespace Raft.Benchmarks.Contenders;

/// <summary>
/// What the recovery workload measured: writing the log, then, from starting the member again, until its log is
/// loaded (<see cref="Recovered"/>) and until its state machine has counted every entry (<see cref="CaughtUp"/>).
/// <see cref="Note"/> says what "recovered" means for this contender.
/// </summary>
internal sealed record RecoveryTimes(TimeSpan Written, TimeSpan Recovered, TimeSpan CaughtUp, string Note);
