namespace Raft.Actors.TestKit.Linearizability;

/// <summary>What a key-value operation returned: the value a get read, or whether a compare-and-set took effect.</summary>
public sealed record KvOutput(byte[]? Value, bool Succeeded)
{
    /// <summary>A put's answer.</summary>
    public static readonly KvOutput Done = new(null, true);

    /// <summary>A get's answer: <paramref name="value"/>, or null when the key was absent.</summary>
    public static KvOutput Read(byte[]? value) => new(value, true);

    /// <summary>A compare-and-set's answer.</summary>
    public static KvOutput CompareAndSet(bool succeeded) => new(null, succeeded);
}
