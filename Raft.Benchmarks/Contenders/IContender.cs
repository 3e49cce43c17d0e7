namespace Raft.Benchmarks.Contenders;

/// <summary>
/// A Raft implementation under the compare scenario's workloads: a group of members in this process, each with its
/// own durable log and a state machine that counts the commands it applies. Every workload is written once against
/// this interface, so the figures of every contender come from the same code.
/// </summary>
internal interface IContender : IAsyncDisposable
{
    /// <summary>The table's column heading, e.g. "ours, 1 ActorSystem".</summary>
    string Name { get; }

    /// <summary>Transport, storage and the durability it gives, for the output.</summary>
    string Setup { get; }

    IReadOnlyList<string> MemberIds { get; }

    /// <summary>Starts every member from empty storage.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>The member that leads now, waiting up to <paramref name="within"/> for one.</summary>
    /// <exception cref="TimeoutException">No member led within <paramref name="within"/>.</exception>
    Task<string> WaitForLeaderAsync(TimeSpan within, CancellationToken cancellationToken);

    /// <summary>
    /// Proposes <paramref name="command"/> to the leader and completes once it is committed and applied by the
    /// leader's state machine. Throws the contender's own exception when the outcome is not a commit (no leader in
    /// time, leadership lost, a timeout): the workloads count those as errors, by type.
    /// </summary>
    Task<Commit> ProposeAsync(byte[] command, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Stops <paramref name="memberId"/> (its storage stays), returning once it has stopped.</summary>
    Task StopMemberAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>Starts <paramref name="memberId"/> again from its storage.</summary>
    Task StartMemberAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>Commands counted by the running incarnation of <paramref name="memberId"/>'s state machine (snapshot included); 0 while it is stopped.</summary>
    long Applied(string memberId);

    /// <summary>A failure the group reported by itself (a member that stopped on an error), or null.</summary>
    string? Failure { get; }

    /// <summary>Why the recovery workload says nothing about this contender (the table shows it instead of figures), or null.</summary>
    string? RecoveryNotMeasured => null;

    /// <summary>
    /// The recovery workload: writes <paramref name="entries"/> commands of <paramref name="commandBytes"/> bytes,
    /// term 1, into the storage of a one-member group, as the contender's own log would hold them, then starts that
    /// member, stops it and starts it again, timing the second start. Runs beside the group, in its own storage.
    /// </summary>
    Task<RecoveryTimes> MeasureRecoveryAsync(long entries, int commandBytes, Action<string> progress, CancellationToken cancellationToken);
}
