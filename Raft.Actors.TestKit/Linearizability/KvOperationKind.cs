namespace Raft.Actors.TestKit.Linearizability;

/// <summary>What a key-value operation does to its one key.</summary>
public enum KvOperationKind
{
    /// <summary>Sets the value.</summary>
    Put,

    /// <summary>Reads the value (absent: null).</summary>
    Get,

    /// <summary>Sets the value if the current one equals the expected one (null: absent); tells whether it did.</summary>
    CompareAndSet,

    /// <summary>Removes the value; tells whether there was one.</summary>
    Delete,
}
