namespace Raft.Actors.Core;

/// <summary>A state machine snapshot: its bytes replace every log entry up to <see cref="LastIncludedIndex"/>.</summary>
public sealed record SnapshotRecord(long LastIncludedIndex, long LastIncludedTerm, byte[] Data)
{
    public override string ToString() => $"Snapshot {{ LastIncluded = {LastIncludedIndex}@{LastIncludedTerm}, Data = {Data.Length}B }}";
}
