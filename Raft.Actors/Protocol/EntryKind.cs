namespace Raft.Actors.Protocol;

public enum EntryKind : byte
{
    /// <summary>A client command, handed to the state machine when committed.</summary>
    Command = 0,

    /// <summary>The empty entry a new leader appends so that entries of earlier terms commit (§8); never reaches the state machine.</summary>
    NoOp = 1,
}
