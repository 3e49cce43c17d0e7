using Raft.Actors.Messages;
using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Raft.Actors.Testing;
using Raft.Actors.Transport;

namespace Raft.Tests.Peer;

/// <summary>What the probe tests in this folder share: journals to recover from, playing a voter or follower, and readable AppendEntries.</summary>
internal static class PeerDriver
{
    /// <summary>One hop of the reliable simulated network.</summary>
    public static readonly TimeSpan Hop = NetworkConditions.Reliable.MinDelay;

    public static readonly TimeSpan DefaultSync = TimeSpan.FromMilliseconds(1);

    /// <summary>A sync ten times longer than a network hop: a reply sent before its write is durable would arrive well before the write.</summary>
    public static readonly TimeSpan SlowSync = TimeSpan.FromMilliseconds(10);

    public static readonly TimeSpan FixedElectionTimeout = TimeSpan.FromMilliseconds(150);

    /// <summary>Options whose election timeout is always exactly <see cref="FixedElectionTimeout"/> (the random spread is one tick), so timer tests can assert exact times.</summary>
    public static RaftOptions FixedTimeoutOptions(TimeSpan? sync = null) => new()
    {
        ElectionTimeoutMin = FixedElectionTimeout,
        ElectionTimeoutMax = FixedElectionTimeout + TimeSpan.FromTicks(1),
        JournalBatchDelay = sync ?? DefaultSync,
    };

    public static RaftOptions Options(TimeSpan? sync = null) => new() { JournalBatchDelay = sync ?? DefaultSync };

    public static PeerProbeHarness Start(long term = 0, string? votedFor = null, long[]? terms = null, SnapshotRecord? snapshot = null, RaftOptions? options = null, int members = 3) =>
        new(new PeerProbeSettings
        {
            MemberCount = members,
            Options = options ?? Options(),
            InitialJournal = new JournalRecovery(new HardState(term, votedFor), snapshot, Entries((snapshot?.LastIncludedIndex ?? 0) + 1, terms ?? [])),
        });

    public static LogEntry Entry(long index, long term) => new(index, term, EntryKind.Command, [(byte)index, (byte)term]);

    public static LogEntry[] Entries(long firstIndex, params long[] terms) => terms.Select((t, i) => Entry(firstIndex + i, t)).ToArray();

    /// <summary>A valid snapshot of <see cref="ChecksumStateMachine"/> (it checks its ballast on restore) of <paramref name="bytes"/> bytes.</summary>
    public static byte[] SnapshotData(int bytes)
    {
        var machine = new ChecksumStateMachine(bytes - 24);
        machine.Apply(1, new byte[] { 1, 2, 3 });
        return machine.TakeSnapshot();
    }

    public static long[] TermsOf(PeerProbeHarness harness) =>
        harness.Log.Range(harness.Log.FirstIndex, harness.Log.LastIndex).Select(e => e.Term).ToArray();

    public static long[] JournalTerms(PeerProbeHarness harness) => harness.Journal.Load().Entries.Select(e => e.Term).ToArray();

    /// <summary>Waits for n1's RequestVote at every probe, grants them all, and checks n1 leads; returns its term.</summary>
    public static long ElectAsLeader(this PeerProbeHarness harness)
    {
        var requests = harness.ProbeIds.Select(m => harness.Probe(m).ExpectMsg<RaftProtocol.RequestVote>(hint: $"n1 asking {m} for a vote")).ToList();
        var term = requests[0].Term;
        Assert.All(requests, r => Assert.Equal(term, r.Term));
        foreach (var member in harness.ProbeIds)
        {
            harness.Send(member, new RaftProtocol.RequestVoteResult(term, member, VoteGranted: true));
        }

        Assert.True(harness.RunUntil(() => harness.Status.Role == RaftRole.Leader, Hop * 5), $"n1 should lead term {term} once granted every vote; it is {harness.Status.Role} in term {harness.Status.Term}");
        return term;
    }

    public static RaftProtocol.AppendEntries ExpectAppend(this PeerProbeHarness harness, string member, string? hint = null) =>
        harness.Probe(member).ExpectMsg<RaftProtocol.AppendEntries>(hint: hint);

    /// <summary>Answers <paramref name="request"/> from <paramref name="member"/> as a follower whose log now matches it.</summary>
    public static void Accept(this PeerProbeHarness harness, string member, RaftProtocol.AppendEntries request)
    {
        var last = request.PrevLogIndex + request.Entries.Length;
        harness.Send(member, new RaftProtocol.AppendEntriesResult(request.Term, member, Success: true, request.PrevLogIndex, last, 0, 0, last));
    }

    /// <summary>An AppendEntries in one readable line, so a failed comparison shows both sides whole.</summary>
    public static string Describe(RaftProtocol.AppendEntries request) =>
        $"term {request.Term} from {request.LeaderId}, prev {request.PrevLogIndex}@{request.PrevLogTerm}, entries [{string.Join(" ", request.Entries.Select(e => $"{e.Index}@{e.Term}"))}], commit {request.LeaderCommit}";

    public static string Append(long term, long prevIndex, long prevTerm, string entries, long commit) =>
        $"term {term} from n1, prev {prevIndex}@{prevTerm}, entries [{entries}], commit {commit}";
}
