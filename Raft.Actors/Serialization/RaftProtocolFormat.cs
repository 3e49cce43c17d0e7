using Raft.Actors.Protocol;

namespace Raft.Actors.Serialization;

/// <summary>The RPCs peers exchange (Figure 2 and §7).</summary>
internal static class RaftProtocolFormat
{
    public static byte[]? Write(object value)
    {
        PayloadWriter writer;
        switch (value)
        {
            case RaftProtocol.RequestVote vote:
                writer = new PayloadWriter();
                writer.WriteInt64(vote.Term);
                writer.WriteString(vote.CandidateId);
                writer.WriteInt64(vote.LastLogIndex);
                writer.WriteInt64(vote.LastLogTerm);
                break;
            case RaftProtocol.RequestVoteResult result:
                writer = new PayloadWriter();
                writer.WriteInt64(result.Term);
                writer.WriteString(result.VoterId);
                writer.WriteBool(result.VoteGranted);
                break;
            case RaftProtocol.AppendEntries append:
                writer = new PayloadWriter(PayloadWriter.EstimateEntries(append.Entries) + 96);
                writer.WriteInt64(append.Term);
                writer.WriteString(append.LeaderId);
                writer.WriteInt64(append.PrevLogIndex);
                writer.WriteInt64(append.PrevLogTerm);
                writer.WriteEntries(append.Entries);
                writer.WriteInt64(append.LeaderCommit);
                break;
            case RaftProtocol.AppendEntriesResult result:
                writer = new PayloadWriter();
                writer.WriteInt64(result.Term);
                writer.WriteString(result.FollowerId);
                writer.WriteBool(result.Success);
                writer.WriteInt64(result.PrevLogIndex);
                writer.WriteInt64(result.MatchIndex);
                writer.WriteInt64(result.ConflictTerm);
                writer.WriteInt64(result.ConflictIndex);
                writer.WriteInt64(result.LastLogIndex);
                break;
            case RaftProtocol.InstallSnapshot install:
                writer = new PayloadWriter(install.Data.Length + 96);
                writer.WriteInt64(install.Term);
                writer.WriteString(install.LeaderId);
                writer.WriteInt64(install.LastIncludedIndex);
                writer.WriteInt64(install.LastIncludedTerm);
                writer.WriteInt64(install.Offset);
                writer.WriteBytes(install.Data);
                writer.WriteBool(install.Done);
                break;
            case RaftProtocol.InstallSnapshotResult result:
                writer = new PayloadWriter();
                writer.WriteInt64(result.Term);
                writer.WriteString(result.FollowerId);
                writer.WriteInt64(result.LastIncludedIndex);
                writer.WriteInt64(result.NextOffset);
                writer.WriteBool(result.Installed);
                break;
            case RaftProtocol.ReadHeartbeat heartbeat:
                writer = new PayloadWriter();
                writer.WriteInt64(heartbeat.Term);
                writer.WriteString(heartbeat.LeaderId);
                writer.WriteInt64(heartbeat.Round);
                break;
            case RaftProtocol.ReadHeartbeatResult result:
                writer = new PayloadWriter();
                writer.WriteInt64(result.Term);
                writer.WriteString(result.FollowerId);
                writer.WriteInt64(result.Round);
                break;
            case RaftProtocol.ReadIndexRequest request:
                writer = new PayloadWriter();
                writer.WriteInt64(request.Term);
                writer.WriteString(request.FollowerId);
                writer.WriteInt64(request.RequestId);
                break;
            case RaftProtocol.ReadIndexResult result:
                writer = new PayloadWriter();
                writer.WriteInt64(result.Term);
                writer.WriteString(result.MemberId);
                writer.WriteInt64(result.RequestId);
                writer.WriteBool(result.Granted);
                writer.WriteInt64(result.ReadIndex);
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
            case Manifests.RequestVote:
                result = new RaftProtocol.RequestVote(
                    reader.ReadNonNegative("Term"),
                    reader.ReadString("CandidateId", PayloadReader.MaxIdBytes),
                    reader.ReadNonNegative("LastLogIndex"),
                    reader.ReadNonNegative("LastLogTerm"));
                break;
            case Manifests.RequestVoteResult:
                result = new RaftProtocol.RequestVoteResult(
                    reader.ReadNonNegative("Term"),
                    reader.ReadString("VoterId", PayloadReader.MaxIdBytes),
                    reader.ReadBool("VoteGranted"));
                break;
            case Manifests.AppendEntries:
                result = new RaftProtocol.AppendEntries(
                    reader.ReadNonNegative("Term"),
                    reader.ReadString("LeaderId", PayloadReader.MaxIdBytes),
                    reader.ReadNonNegative("PrevLogIndex"),
                    reader.ReadNonNegative("PrevLogTerm"),
                    reader.ReadEntries("Entries"),
                    reader.ReadNonNegative("LeaderCommit"));
                break;
            case Manifests.AppendEntriesResult:
                result = new RaftProtocol.AppendEntriesResult(
                    reader.ReadNonNegative("Term"),
                    reader.ReadString("FollowerId", PayloadReader.MaxIdBytes),
                    reader.ReadBool("Success"),
                    reader.ReadNonNegative("PrevLogIndex"),
                    reader.ReadNonNegative("MatchIndex"),
                    reader.ReadNonNegative("ConflictTerm"),
                    reader.ReadNonNegative("ConflictIndex"),
                    reader.ReadNonNegative("LastLogIndex"));
                break;
            case Manifests.InstallSnapshot:
                result = new RaftProtocol.InstallSnapshot(
                    reader.ReadNonNegative("Term"),
                    reader.ReadString("LeaderId", PayloadReader.MaxIdBytes),
                    reader.ReadNonNegative("LastIncludedIndex"),
                    reader.ReadNonNegative("LastIncludedTerm"),
                    reader.ReadNonNegative("Offset"),
                    reader.ReadBytes("Data"),
                    reader.ReadBool("Done"));
                break;
            case Manifests.InstallSnapshotResult:
                result = new RaftProtocol.InstallSnapshotResult(
                    reader.ReadNonNegative("Term"),
                    reader.ReadString("FollowerId", PayloadReader.MaxIdBytes),
                    reader.ReadNonNegative("LastIncludedIndex"),
                    reader.ReadNonNegative("NextOffset"),
                    reader.ReadBool("Installed"));
                break;
            case Manifests.ReadHeartbeat:
                result = new RaftProtocol.ReadHeartbeat(
                    reader.ReadNonNegative("Term"),
                    reader.ReadString("LeaderId", PayloadReader.MaxIdBytes),
                    reader.ReadNonNegative("Round"));
                break;
            case Manifests.ReadHeartbeatResult:
                result = new RaftProtocol.ReadHeartbeatResult(
                    reader.ReadNonNegative("Term"),
                    reader.ReadString("FollowerId", PayloadReader.MaxIdBytes),
                    reader.ReadNonNegative("Round"));
                break;
            case Manifests.ReadIndexRequest:
                result = new RaftProtocol.ReadIndexRequest(
                    reader.ReadNonNegative("Term"),
                    reader.ReadString("FollowerId", PayloadReader.MaxIdBytes),
                    reader.ReadNonNegative("RequestId"));
                break;
            case Manifests.ReadIndexResult:
                result = new RaftProtocol.ReadIndexResult(
                    reader.ReadNonNegative("Term"),
                    reader.ReadString("MemberId", PayloadReader.MaxIdBytes),
                    reader.ReadNonNegative("RequestId"),
                    reader.ReadBool("Granted"),
                    reader.ReadNonNegative("ReadIndex"));
                break;
            default:
                throw new ArgumentException($"Manifest '{manifest}' is not one of this format's.", nameof(manifest));
        }

        reader.End();
        return result;
    }
}
