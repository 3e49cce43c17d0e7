using Raft.Actors.StateMachine;
using Raft.Actors.StateMachine.Sessions;

namespace Raft.Actors.KeyValue;

/// <summary>
/// A replicated map from UTF-8 keys to byte values, driven by <see cref="KeyValueCommand"/>s; each command's result
/// is an encoded <see cref="KeyValueResult"/>. <see cref="Apply"/> never throws for bad input: a command that does not
/// decode changes nothing and gets a <see cref="KeyValueStatus.Malformed"/> result, because a state machine that
/// throws stops its peer's applier, and one client's bad bytes must not take a replica down.
/// Called on one thread at a time (the peer's applier), like every <see cref="IStateMachine"/>. Wrap it in a
/// <see cref="SessionStateMachine"/> (as <see cref="KeyValueClient"/> expects) so a retried write applies once.
/// </summary>
public sealed class KeyValueStateMachine : IStateMachine
{
    private readonly Dictionary<string, byte[]> _entries = new(StringComparer.Ordinal);

    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        KeyValueCommand decoded;
        try
        {
            decoded = KeyValueCommand.Decode(command.Span);
        }
        catch (FormatException ex)
        {
            return KeyValueResult.Malformed($"entry {index}: {ex.Message}").Encode();
        }

        return Execute(decoded).Encode();
    }

    /// <summary>
    /// Answers an encoded <see cref="KeyValueOperation.Get"/> from the current map, without a log entry; any other
    /// command (or bytes that do not decode) gets a <see cref="KeyValueStatus.Malformed"/> result and changes nothing.
    /// </summary>
    public byte[] Query(ReadOnlyMemory<byte> query)
    {
        KeyValueCommand decoded;
        try
        {
            decoded = KeyValueCommand.Decode(query.Span);
        }
        catch (FormatException ex)
        {
            return KeyValueResult.Malformed($"query: {ex.Message}").Encode();
        }

        return decoded.Operation == KeyValueOperation.Get
            ? Execute(decoded).Encode()
            : KeyValueResult.Malformed($"query: only {KeyValueOperation.Get} reads without changing the map, not {decoded.Operation}.").Encode();
    }

    private KeyValueResult Execute(KeyValueCommand command)
    {
        var key = command.Key;
        var found = _entries.TryGetValue(key, out var current);
        switch (command.Operation)
        {
            case KeyValueOperation.Set:
                _entries[key] = command.Value!;
                return KeyValueResult.Ok(current);
            case KeyValueOperation.Get:
                return found ? KeyValueResult.Ok(current) : KeyValueResult.NotFound();
            case KeyValueOperation.Delete:
                return _entries.Remove(key) ? KeyValueResult.Ok(current) : KeyValueResult.NotFound();
            case KeyValueOperation.CompareAndSet:
                var matches = command.Expected is null ? !found : found && current!.AsSpan().SequenceEqual(command.Expected);
                if (!matches)
                {
                    return KeyValueResult.CompareFailed(current);
                }

                _entries[key] = command.Value!;
                return KeyValueResult.Ok(current);
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.Operation, "Unknown key-value operation.");
        }
    }

    /// <summary>
    /// The whole map: format version, entry count, then each key and value length-prefixed, in ordinal key order,
    /// so equal maps give equal snapshots on every replica.
    /// </summary>
    public byte[] TakeSnapshot()
    {
        var writer = new WireWriter().WriteByte(KeyValueCommand.FormatVersion).WriteCount(_entries.Count);
        foreach (var (key, value) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.WriteText(key).WriteField(value);
        }

        return writer.ToArray();
    }

    /// <summary>Replaces the map with a snapshot's. A damaged snapshot throws <see cref="FormatException"/> and leaves the map as it was.</summary>
    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        var reader = new WireReader(snapshot.Span, "key-value snapshot");
        reader.ReadVersion(KeyValueCommand.FormatVersion);
        var count = reader.ReadCount("entry count");
        var restored = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadText("key");
            if (!restored.TryAdd(key, reader.ReadField("value")!))
            {
                throw new FormatException($"The key-value snapshot ({snapshot.Length} bytes) holds key '{key}' twice.");
            }
        }

        reader.ExpectEnd();
        _entries.Clear();
        foreach (var (key, value) in restored)
        {
            _entries[key] = value;
        }
    }
}
