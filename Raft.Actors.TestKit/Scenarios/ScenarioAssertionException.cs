namespace Raft.Actors.TestKit.Scenarios;

/// <summary>A scenario's expectation about progress (a leader, a commit) was not met in time.</summary>
public sealed class ScenarioAssertionException(string message) : Exception(message);
