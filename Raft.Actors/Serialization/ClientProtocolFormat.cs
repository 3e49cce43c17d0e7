using Raft.Actors.Protocol;

namespace Raft.Actors.Serialization;

/// <summary>Proposals, their answers and status: what clients on other nodes exchange with a peer.</summary>
internal static class ClientProtocolFormat
{
    // A ProposalApplied in a list: index, term and result length, one byte each at least.
    private const int MinAppliedBytes = 3;

    public static byte[]? Write(object value)
    {
        PayloadWriter writer;
        switch (value)
        {
            case ClientProtocol.Propose propose:
                writer = new PayloadWriter(propose.Command.Length + 8);
                writer.WriteBytes(propose.Command);
                break;
            case ClientProtocol.ProposeBatch batch:
                writer = new PayloadWriter(batch.Commands.Sum(c => c.Length + 5) + 8);
                writer.WriteInt32(batch.Commands.Length);
                foreach (var command in batch.Commands)
                {
                    writer.WriteBytes(command);
                }

                break;
            case ClientProtocol.ProposalAccepted accepted:
                writer = new PayloadWriter();
                writer.WriteInt64(accepted.Index);
                writer.WriteInt64(accepted.Term);
                break;
            case ClientProtocol.BatchAccepted accepted:
                writer = new PayloadWriter();
                writer.WriteInt64(accepted.FirstIndex);
                writer.WriteInt64(accepted.Term);
                writer.WriteInt32(accepted.Count);
                break;
            case ClientProtocol.NotLeader notLeader:
                writer = new PayloadWriter();
                writer.WriteString(notLeader.MemberId);
                writer.WriteNullableString(notLeader.LeaderId);
                break;
            case ClientProtocol.ProposalApplied applied:
                writer = new PayloadWriter(applied.Result.Length + 24);
                WriteApplied(writer, applied);
                break;
            case ClientProtocol.ProposalsApplied applied:
                writer = new PayloadWriter(applied.Results.Sum(r => r.Result.Length + 24) + 8);
                writer.WriteInt32(applied.Results.Length);
                foreach (var result in applied.Results)
                {
                    WriteApplied(writer, result);
                }

                break;
            case ClientProtocol.ProposalFailed failed:
                writer = new PayloadWriter(failed.Detail.Length * 3 + 32);
                writer.WriteInt64(failed.Index);
                writer.WriteInt64(failed.Term);
                writer.WriteByte((byte)failed.Reason);
                writer.WriteString(failed.Detail);
                break;
            case ClientProtocol.CommandTooLarge tooLarge:
                writer = new PayloadWriter();
                writer.WriteString(tooLarge.MemberId);
                writer.WriteInt32(tooLarge.Position);
                writer.WriteInt32(tooLarge.Bytes);
                writer.WriteInt32(tooLarge.Limit);
                break;
            case ClientProtocol.GetStatus:
                writer = new PayloadWriter();
                break;
            case ClientProtocol.PeerStatus status:
                writer = new PayloadWriter();
                writer.WriteString(status.MemberId);
                writer.WriteByte((byte)status.Role);
                writer.WriteInt64(status.Term);
                writer.WriteNullableString(status.LeaderId);
                writer.WriteInt64(status.CommitIndex);
                writer.WriteInt64(status.LastApplied);
                writer.WriteInt64(status.LastLogIndex);
                writer.WriteInt64(status.LastLogTerm);
                writer.WriteInt64(status.SnapshotIndex);
                break;
            case ClientProtocol.RoleChanged changed:
                writer = new PayloadWriter();
                writer.WriteString(changed.MemberId);
                writer.WriteByte((byte)changed.Role);
                writer.WriteInt64(changed.Term);
                writer.WriteNullableString(changed.LeaderId);
                break;
            case ClientProtocol.TransferLeadership transfer:
                writer = new PayloadWriter();
                writer.WriteString(transfer.TargetMemberId);
                break;
            case ClientProtocol.LeadershipTransferResult transferred:
                writer = new PayloadWriter(transferred.Detail.Length * 3 + 64);
                writer.WriteString(transferred.TargetMemberId);
                writer.WriteByte((byte)transferred.Outcome);
                writer.WriteNullableString(transferred.LeaderId);
                writer.WriteInt64(transferred.Term);
                writer.WriteString(transferred.Detail);
                break;
            case ClientProtocol.Read read:
                writer = new PayloadWriter(read.Query.Length + 8);
                writer.WriteBytes(read.Query);
                break;
            case ClientProtocol.ReadResult read:
                writer = new PayloadWriter(read.Result.Length + 16);
                writer.WriteInt64(read.ReadIndex);
                writer.WriteBytes(read.Result);
                break;
            case ClientProtocol.ReadFailed failed:
                writer = new PayloadWriter(failed.Detail.Length * 3 + 32);
                writer.WriteByte((byte)failed.Reason);
                writer.WriteNullableString(failed.LeaderId);
                writer.WriteString(failed.Detail);
                break;
            default:
                return null;
        }

        return writer.ToArray();
    }

    public static object Read(byte[] bytes, string manifest)
    {
        object result;
        var reader = new PayloadReader(bytes, manifest);
        switch (manifest)
        {
            case Manifests.Propose:
                result = new ClientProtocol.Propose(reader.ReadBytes("Command"));
                break;
            case Manifests.ProposeBatch:
                var commands = new byte[reader.ReadCount("Commands.Count", 1)][];
                for (var i = 0; i < commands.Length; i++)
                {
                    commands[i] = reader.ReadBytes($"Commands[{i}]");
                }

                result = new ClientProtocol.ProposeBatch(commands);
                break;
            case Manifests.ProposalAccepted:
                result = new ClientProtocol.ProposalAccepted(reader.ReadNonNegative("Index"), reader.ReadNonNegative("Term"));
                break;
            case Manifests.BatchAccepted:
                result = new ClientProtocol.BatchAccepted(reader.ReadNonNegative("FirstIndex"), reader.ReadNonNegative("Term"), reader.ReadInt32("Count"));
                break;
            case Manifests.NotLeader:
                result = new ClientProtocol.NotLeader(
                    reader.ReadString("MemberId", PayloadReader.MaxIdBytes),
                    reader.ReadNullableString("LeaderId", PayloadReader.MaxIdBytes));
                break;
            case Manifests.ProposalApplied:
                result = ReadApplied(ref reader, "Result");
                break;
            case Manifests.ProposalsApplied:
                var results = new ClientProtocol.ProposalApplied[reader.ReadCount("Results.Count", MinAppliedBytes)];
                for (var i = 0; i < results.Length; i++)
                {
                    results[i] = ReadApplied(ref reader, $"Results[{i}]");
                }

                result = new ClientProtocol.ProposalsApplied(results);
                break;
            case Manifests.ProposalFailed:
                result = new ClientProtocol.ProposalFailed(
                    reader.ReadNonNegative("Index"),
                    reader.ReadNonNegative("Term"),
                    reader.ReadEnum<ClientProtocol.ProposalFailureReason>("Reason"),
                    reader.ReadString("Detail", PayloadReader.MaxTextBytes));
                break;
            case Manifests.CommandTooLarge:
                result = new ClientProtocol.CommandTooLarge(
                    reader.ReadString("MemberId", PayloadReader.MaxIdBytes),
                    reader.ReadInt32("Position"),
                    reader.ReadInt32("Bytes"),
                    reader.ReadInt32("Limit"));
                break;
            case Manifests.GetStatus:
                result = ClientProtocol.GetStatus.Instance;
                break;
            case Manifests.PeerStatus:
                result = new ClientProtocol.PeerStatus(
                    reader.ReadString("MemberId", PayloadReader.MaxIdBytes),
                    reader.ReadEnum<RaftRole>("Role"),
                    reader.ReadNonNegative("Term"),
                    reader.ReadNullableString("LeaderId", PayloadReader.MaxIdBytes),
                    reader.ReadNonNegative("CommitIndex"),
                    reader.ReadNonNegative("LastApplied"),
                    reader.ReadNonNegative("LastLogIndex"),
                    reader.ReadNonNegative("LastLogTerm"),
                    reader.ReadNonNegative("SnapshotIndex"));
                break;
            case Manifests.RoleChanged:
                result = new ClientProtocol.RoleChanged(
                    reader.ReadString("MemberId", PayloadReader.MaxIdBytes),
                    reader.ReadEnum<RaftRole>("Role"),
                    reader.ReadNonNegative("Term"),
                    reader.ReadNullableString("LeaderId", PayloadReader.MaxIdBytes));
                break;
            case Manifests.TransferLeadership:
                result = new ClientProtocol.TransferLeadership(reader.ReadString("TargetMemberId", PayloadReader.MaxIdBytes));
                break;
            case Manifests.LeadershipTransferResult:
                result = new ClientProtocol.LeadershipTransferResult(
                    reader.ReadString("TargetMemberId", PayloadReader.MaxIdBytes),
                    reader.ReadEnum<ClientProtocol.LeadershipTransferOutcome>("Outcome"),
                    reader.ReadNullableString("LeaderId", PayloadReader.MaxIdBytes),
                    reader.ReadNonNegative("Term"),
                    reader.ReadString("Detail", PayloadReader.MaxTextBytes));
                break;
            case Manifests.Read:
                result = new ClientProtocol.Read(reader.ReadBytes("Query"));
                break;
            case Manifests.ReadResult:
                result = new ClientProtocol.ReadResult(reader.ReadNonNegative("ReadIndex"), reader.ReadBytes("Result"));
                break;
            case Manifests.ReadFailed:
                result = new ClientProtocol.ReadFailed(
                    reader.ReadEnum<ClientProtocol.ReadFailureReason>("Reason"),
                    reader.ReadNullableString("LeaderId", PayloadReader.MaxIdBytes),
                    reader.ReadString("Detail", PayloadReader.MaxTextBytes));
                break;
            default:
                throw new ArgumentException($"Manifest '{manifest}' is not one of this format's.", nameof(manifest));
        }

        reader.End();
        return result;
    }

    private static void WriteApplied(PayloadWriter writer, ClientProtocol.ProposalApplied applied)
    {
        writer.WriteInt64(applied.Index);
        writer.WriteInt64(applied.Term);
        writer.WriteBytes(applied.Result);
    }

    private static ClientProtocol.ProposalApplied ReadApplied(ref PayloadReader reader, string field) =>
        new(reader.ReadNonNegative($"{field}.Index"), reader.ReadNonNegative($"{field}.Term"), reader.ReadBytes($"{field}.Result"));
}
