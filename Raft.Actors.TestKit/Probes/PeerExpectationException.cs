namespace Raft.Actors.TestKit.Probes;

/// <summary>A <see cref="PeerUnderTest"/> did not reach what the test awaited in time; the message says what and where it stands.</summary>
public sealed class PeerExpectationException(string message) : Exception(message);
