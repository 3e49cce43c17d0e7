using Raft.Actors.TestKit.Linearizability;

namespace Raft.Tests.Processes;

/// <summary>
/// One attempt of a client's operation: the answer, and for a write the log entry that carried it (index 0 when the
/// answer names none; term null when it names none, as over HTTP).
/// </summary>
internal sealed record KvAttempt(KvAttemptOutcome Outcome, KvOutput? Output, long Index, long? Term, string Detail)
{
    public static KvAttempt Answered(KvOutput output, long index, long? term) => new(KvAttemptOutcome.Answered, output, index, term, "answered");

    public static KvAttempt Failed(string detail) => new(KvAttemptOutcome.Failed, null, 0, null, detail);

    public static KvAttempt Rejected(string detail) => new(KvAttemptOutcome.Rejected, null, 0, null, detail);
}
