namespace Raft.Actors.KeyValue;

/// <summary>The outcome of a <see cref="KeyValueCommand"/>: byte 1 of a <see cref="KeyValueResult"/>'s encoding.</summary>
public enum KeyValueStatus : byte
{
    Ok = 0,

    /// <summary>Get or Delete of a key that does not exist.</summary>
    NotFound = 1,

    /// <summary>CompareAndSet found another value (carried in the result) or no value; nothing changed.</summary>
    CompareFailed = 2,

    /// <summary>The command bytes could not be decoded; nothing changed. The result carries the reason.</summary>
    Malformed = 3,
}
