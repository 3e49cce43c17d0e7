namespace Raft.Actors.TestKit.Linearizability;

/// <summary>What a key-value operation returned: the value a get read, whether a compare-and-set took effect, or whether a delete removed a value.</summary>
public sealed record KvOutput(byte[]? Value, bool Succeeded)
{
    /// <summary>A put's answer.</summary>
    public static readonly KvOutput Done = new(null, true);

    /// <summary>A get's answer: <paramref name="value"/>, or null when the key was absent.</summary>
    public static KvOutput Read(byte[]? value) => new(value, true);

    /// <summary>A compare-and-set's answer.</summary>
    public static KvOutput CompareAndSet(bool succeeded) => new(null, succeeded);

    /// <summary>A delete's answer: whether the key held a value that it removed.</summary>
    public static KvOutput Deleted(bool removed) => new(null, removed);
}
