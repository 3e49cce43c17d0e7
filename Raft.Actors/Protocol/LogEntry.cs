namespace Raft.Actors.Protocol;

/// <summary>One entry of the replicated log. The command is opaque bytes; only the user's state machine reads it.</summary>
public sealed record LogEntry(long Index, long Term, EntryKind Kind, byte[] Command)
{
    public static LogEntry NoOp(long index, long term) => new(index, term, EntryKind.NoOp, []);

    /// <summary>Same index, term, kind and command bytes.</summary>
    public bool SameAs(LogEntry other) =>
        Index == other.Index && Term == other.Term && Kind == other.Kind && Command.AsSpan().SequenceEqual(other.Command);

    public override string ToString() => $"[{Index}@{Term}{(Kind == EntryKind.NoOp ? " noop" : "")} {Command.Length}B]";
}
