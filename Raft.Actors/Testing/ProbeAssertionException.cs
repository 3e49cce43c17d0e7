namespace Raft.Actors.Testing;

/// <summary>A TestProbe expectation failed; the message says what was expected and what arrived.</summary>
public sealed class ProbeAssertionException(string message) : Exception(message);
