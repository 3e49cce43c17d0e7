using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Tests.Serialization;

/// <summary>One or more values of every type the Raft serializer handles, with edge values: nulls, empties, extremes.</summary>
internal static class SerializerSamples
{
    public static LogEntry[] Entries(long firstIndex, int count, long term, int commandLength = 100)
    {
        var entries = new LogEntry[count];
        for (var i = 0; i < count; i++)
        {
            var command = new byte[commandLength];
            for (var b = 0; b < command.Length; b++)
            {
                command[b] = (byte)(firstIndex + i + b);
            }

            entries[i] = new LogEntry(firstIndex + i, term, EntryKind.Command, command);
        }

        return entries;
    }

    public static IEnumerable<object> All()
    {
        var mixed = new[]
        {
            LogEntry.NoOp(41, 6),
            new LogEntry(42, 6, EntryKind.Command, [1, 2, 3]),
            new LogEntry(43, 7, EntryKind.Command, []),
            new LogEntry(44, 9, EntryKind.NoOp, []),
        };

        yield return new JournalOperation.SaveHardState(HardState.Initial);
        yield return new JournalOperation.SaveHardState(new HardState(long.MaxValue, "member-1"));
        yield return new JournalOperation.Append([]);
        yield return new JournalOperation.Append(mixed);
        yield return new JournalOperation.Append(Entries(1_000_000_000_000, 300, 12));
        yield return new JournalOperation.TruncateFrom(0);
        yield return new JournalOperation.TruncateFrom(77);
        yield return new JournalOperation.SaveSnapshot(new SnapshotRecord(0, 0, []));
        yield return new JournalOperation.SaveSnapshot(new SnapshotRecord(10_000, 3, [9, 8, 7, 6]));
        yield return JournalRecovery.Empty;
        yield return new JournalRecovery(new HardState(7, null), new SnapshotRecord(40, 6, [5, 5]), mixed);
        yield return new JournalRecovery(new HardState(7, "b"), null, Entries(1, 3, 7));

        yield return new RaftProtocol.RequestVote(5, "candidate_A", 40, 4);
        yield return new RaftProtocol.RequestVoteResult(5, "voter-b", true);
        yield return new RaftProtocol.RequestVoteResult(6, "voter-c", false);
        yield return new RaftProtocol.AppendEntries(9, "leader", 40, 6, mixed, 39);
        yield return new RaftProtocol.AppendEntries(9, "leader", 0, 0, [], 0);
        yield return new RaftProtocol.AppendEntriesResult(9, "f", true, 40, 44, 0, 0, 44);
        yield return new RaftProtocol.AppendEntriesResult(9, "f", false, 40, 0, 3, 17, 30);
        yield return new RaftProtocol.InstallSnapshot(9, "leader", 1000, 8, 1 << 20, [1, 2, 3, 4], false);
        yield return new RaftProtocol.InstallSnapshot(9, "leader", 1000, 8, 0, [], true);
        yield return new RaftProtocol.InstallSnapshotResult(9, "f", 1000, 4, false);
        yield return new RaftProtocol.InstallSnapshotResult(9, "f", 1000, 0, true);
        yield return new RaftProtocol.RequestVote(6, "candidate_A", 40, 4, LeadershipTransfer: true);
        yield return new RaftProtocol.PreVote(6, "candidate_A", 40, 4);
        yield return new RaftProtocol.PreVote(0, "c", 0, 0);
        yield return new RaftProtocol.PreVoteResult(6, "voter-b", true, 5);
        yield return new RaftProtocol.PreVoteResult(6, "voter-c", false, long.MaxValue);
        yield return new RaftProtocol.TimeoutNow(9, "leader");
        yield return new RaftProtocol.ReadHeartbeat(9, "leader", 17);
        yield return new RaftProtocol.ReadHeartbeatResult(9, "f", long.MaxValue);
        yield return new RaftProtocol.ReadIndexRequest(9, "f", 3);
        yield return new RaftProtocol.ReadIndexResult(9, "leader", 3, true, 44);
        yield return new RaftProtocol.ReadIndexResult(10, "f", 3, false, 0);

        yield return new ClientProtocol.Propose([]);
        yield return new ClientProtocol.Propose([0, 255, 128]);
        yield return new ClientProtocol.ProposeBatch([]);
        yield return new ClientProtocol.ProposeBatch([[1], [], [2, 3]]);
        yield return new ClientProtocol.ProposalAccepted(12, 3);
        yield return new ClientProtocol.BatchAccepted(12, 3, 40);
        yield return new ClientProtocol.NotLeader("a", null);
        yield return new ClientProtocol.NotLeader("a", "b");
        yield return new ClientProtocol.ProposalApplied(12, 3, [4, 2]);
        yield return new ClientProtocol.ProposalsApplied([]);
        yield return new ClientProtocol.ProposalsApplied([new(12, 3, []), new(13, 3, [1])]);
        yield return new ClientProtocol.ProposalFailed(12, 3, ClientProtocol.ProposalFailureReason.LostLeadership, "member 'a' stepped down in term 4 — é");
        yield return new ClientProtocol.ProposalFailed(0, 0, ClientProtocol.ProposalFailureReason.Stopped, "");
        yield return new ClientProtocol.ProposalFailed(0, 0, ClientProtocol.ProposalFailureReason.CommandTooLarge, "command 0 holds 9 bytes");
        yield return new ClientProtocol.CommandTooLarge("n1", 4095, 1 << 20, (1 << 20) - 1);
        yield return ClientProtocol.GetStatus.Instance;
        yield return new ClientProtocol.PeerStatus("a", RaftRole.Leader, 4, "a", 10, 9, 12, 4, 5);
        yield return new ClientProtocol.PeerStatus("b", RaftRole.Follower, 0, null, 0, 0, 0, 0, 0);
        yield return new ClientProtocol.RoleChanged("c", RaftRole.Candidate, 4, null);
        yield return new ClientProtocol.TransferLeadership("n2");
        yield return new ClientProtocol.LeadershipTransferResult("n2", ClientProtocol.LeadershipTransferOutcome.Transferred, "n2", 5, "'n2' leads term 5");
        yield return new ClientProtocol.LeadershipTransferResult("n9", ClientProtocol.LeadershipTransferOutcome.InvalidTarget, null, 0, "'n9' is not a member — é");
        yield return new ClientProtocol.Read([]);
        yield return new ClientProtocol.Read([1, 2, 3]);
        yield return new ClientProtocol.ReadResult(44, [9, 9]);
        yield return new ClientProtocol.ReadResult(0, []);
        yield return new ClientProtocol.ReadFailed(ClientProtocol.ReadFailureReason.NoLeader, null, "no leader in term 4");
        yield return new ClientProtocol.ReadFailed(ClientProtocol.ReadFailureReason.QueryFailed, "a", "");
    }
}
