namespace Raft.Tests.Processes;

/// <summary>How one attempt of a client's operation ended.</summary>
internal enum KvAttemptOutcome
{
    /// <summary>The group answered: the operation took effect once, between its call and now.</summary>
    Answered,

    /// <summary>No answer (a timeout, a dead process, no leader): a write may or may not have taken effect; its stamp makes another attempt safe.</summary>
    Failed,

    /// <summary>The session refused the stamp: nothing was applied now, though an earlier attempt may have been.</summary>
    Rejected,
}
