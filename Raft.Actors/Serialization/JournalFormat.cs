using Raft.Actors.Core;

namespace Raft.Actors.Serialization;

/// <summary>The journal events and the storage snapshot: what a member's journal holds.</summary>
internal static class JournalFormat
{
    public static byte[]? Write(object value)
    {
        switch (value)
        {
            case JournalOperation.SaveHardState save:
            {
                var writer = new PayloadWriter();
                WriteHardState(writer, save.State);
                return writer.ToArray();
            }

            case JournalOperation.Append append:
            {
                // One event per batch: the whole batch is one row, written in one round trip.
                var writer = new PayloadWriter(PayloadWriter.EstimateEntries(append.Entries));
                writer.WriteEntries(append.Entries);
                return writer.ToArray();
            }

            case JournalOperation.TruncateFrom truncate:
            {
                var writer = new PayloadWriter();
                writer.WriteInt64(truncate.Index);
                return writer.ToArray();
            }

            case JournalOperation.SaveSnapshot save:
            {
                var writer = new PayloadWriter(save.Snapshot.Data.Length + 32);
                WriteSnapshot(writer, save.Snapshot);
                return writer.ToArray();
            }

            case JournalRecovery recovery:
            {
                var writer = new PayloadWriter(PayloadWriter.EstimateEntries(recovery.Entries) + (recovery.Snapshot?.Data.Length ?? 0) + 64);
                WriteHardState(writer, recovery.HardState);
                writer.WriteBool(recovery.Snapshot is not null);
                if (recovery.Snapshot is not null)
                {
                    WriteSnapshot(writer, recovery.Snapshot);
                }

                writer.WriteEntries(recovery.Entries);
                return writer.ToArray();
            }

            default:
                return null;
        }
    }

    public static object Read(byte[] bytes, string manifest)
    {
        object result;
        var reader = new PayloadReader(bytes, manifest);
        switch (manifest)
        {
            case Manifests.SaveHardState:
                result = new JournalOperation.SaveHardState(ReadHardState(ref reader));
                break;
            case Manifests.Append:
                result = new JournalOperation.Append(reader.ReadEntries("Entries"));
                break;
            case Manifests.TruncateFrom:
                result = new JournalOperation.TruncateFrom(reader.ReadNonNegative("Index"));
                break;
            case Manifests.SaveSnapshot:
                result = new JournalOperation.SaveSnapshot(ReadSnapshot(ref reader));
                break;
            case Manifests.JournalRecovery:
                var hardState = ReadHardState(ref reader);
                var snapshot = reader.ReadBool("HasSnapshot") ? ReadSnapshot(ref reader) : null;
                result = new JournalRecovery(hardState, snapshot, reader.ReadEntries("Entries"));
                break;
            default:
                throw new ArgumentException($"Manifest '{manifest}' is not one of this format's.", nameof(manifest));
        }

        reader.End();
        return result;
    }

    private static void WriteHardState(PayloadWriter writer, HardState state)
    {
        writer.WriteInt64(state.Term);
        writer.WriteNullableString(state.VotedFor);
    }

    private static HardState ReadHardState(ref PayloadReader reader) =>
        new(reader.ReadNonNegative("Term"), reader.ReadNullableString("VotedFor", PayloadReader.MaxIdBytes));

    private static void WriteSnapshot(PayloadWriter writer, SnapshotRecord snapshot)
    {
        writer.WriteInt64(snapshot.LastIncludedIndex);
        writer.WriteInt64(snapshot.LastIncludedTerm);
        writer.WriteBytes(snapshot.Data);
    }

    private static SnapshotRecord ReadSnapshot(ref PayloadReader reader) =>
        new(reader.ReadNonNegative("Snapshot.LastIncludedIndex"), reader.ReadNonNegative("Snapshot.LastIncludedTerm"), reader.ReadBytes("Snapshot.Data"));
}
