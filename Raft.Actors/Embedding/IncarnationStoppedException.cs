namespace Raft.Actors.Embedding;

/// <summary>What a stopped incarnation's journal or state machine throws if its actors still call it.</summary>
internal sealed class IncarnationStoppedException(string memberId, int incarnation, string what)
    : ObjectDisposedException(what, $"Incarnation {incarnation} of member '{memberId}' was stopped; its {what} is closed to it.");
