namespace Raft.Actors.TestKit.Safety;

/// <summary>One of Raft's safety properties was broken; the message names the property, the members and the index or term.</summary>
public sealed class SafetyViolationException(string property, string detail) : Exception($"{property} violated: {detail}")
{
    public string Property { get; } = property;
}
