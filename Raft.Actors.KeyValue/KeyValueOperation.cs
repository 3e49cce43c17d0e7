namespace Raft.Actors.KeyValue;

/// <summary>The op code of a <see cref="KeyValueCommand"/>: byte 1 of its encoding (see docs/key-value-commands.md).</summary>
public enum KeyValueOperation : byte
{
    /// <summary>Sets a key's value; the result carries the previous value, if any.</summary>
    Set = 1,

    /// <summary>Reads a key (as a query through ReadIndex, or through the log); the result carries the value or NotFound.</summary>
    Get = 2,

    /// <summary>Removes a key; the result carries the removed value or NotFound.</summary>
    Delete = 3,

    /// <summary>Sets a key only if its value equals the expected one (or, with no expected value, only if it is absent).</summary>
    CompareAndSet = 4,
}
