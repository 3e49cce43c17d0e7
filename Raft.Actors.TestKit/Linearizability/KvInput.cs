namespace Raft.Actors.TestKit.Linearizability;

/// <summary>A key-value operation as a client invoked it.</summary>
public sealed record KvInput(KvOperationKind Kind, string Key, byte[]? Value, byte[]? Expected)
{
    public static KvInput Put(string key, byte[] value) => new(KvOperationKind.Put, key, value, null);

    public static KvInput Get(string key) => new(KvOperationKind.Get, key, null, null);

    /// <summary>Sets <paramref name="value"/> if the value is <paramref name="expected"/> (null: the key is absent).</summary>
    public static KvInput CompareAndSet(string key, byte[]? expected, byte[] value) => new(KvOperationKind.CompareAndSet, key, value, expected);

    public static KvInput Delete(string key) => new(KvOperationKind.Delete, key, null, null);

    public override string ToString() => Kind switch
    {
        KvOperationKind.Put => $"put({Key}, {KvText.Bytes(Value)})",
        KvOperationKind.Get => $"get({Key})",
        KvOperationKind.Delete => $"delete({Key})",
        _ => $"cas({Key}, {KvText.Bytes(Expected)} -> {KvText.Bytes(Value)})",
    };
}
