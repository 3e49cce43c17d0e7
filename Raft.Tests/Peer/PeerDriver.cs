using Akka.TestKit;
using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Actors.StateMachine;
using Raft.Actors.TestKit;
using Raft.Actors.TestKit.Probes;

namespace Raft.Tests.Peer;

/// <summary>What the probe tests in this folder share: journals to start from, playing voters and followers, and readable AppendEntries.</summary>
internal static class PeerDriver
{
    public static readonly TimeSpan FixedElectionTimeout = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// Options whose election timeout is always exactly <see cref="FixedElectionTimeout"/> (the random spread is one
    /// tick), so timer tests can assert exact times; Figure 2 as written: no PreVote, no CheckQuorum.
    /// </summary>
    public static RaftOptions FixedTimeoutOptions() => new()
    {
        ElectionTimeoutMin = FixedElectionTimeout,
        ElectionTimeoutMax = FixedElectionTimeout + TimeSpan.FromTicks(1),
        PreVote = false,
        CheckQuorum = false,
    };

    /// <summary>Figure 2 as written: no PreVote (a timed-out follower stands at once), no CheckQuorum (no stickiness, no stepping down on silence).</summary>
    public static RaftOptions Figure2Options() => new() { PreVote = false, CheckQuorum = false };

    /// <summary>Starts "n1" over a journal holding (<paramref name="term"/>, <paramref name="votedFor"/>), an optional snapshot and entries of <paramref name="terms"/> after it; "n2".."nN" are probes.</summary>
    public static PeerUnderTest Start(TestKitBase testKit, long term = 0, string? votedFor = null, long[]? terms = null, SnapshotRecord? snapshot = null, RaftOptions? options = null, int members = 3, Func<IStateMachine>? stateMachine = null) =>
        PeerUnderTest.Start(testKit, new PeerUnderTestSettings
        {
            ProbeIds = [.. Enumerable.Range(2, members - 1).Select(i => $"n{i}")],
            Options = options ?? new RaftOptions(),
            InitialJournal = new JournalRecovery(new HardState(term, votedFor), snapshot, Entries((snapshot?.LastIncludedIndex ?? 0) + 1, terms ?? [])),
            StateMachine = stateMachine ?? (() => new ChecksumStateMachine()),
        });

    public static LogEntry Entry(long index, long term) => new(index, term, EntryKind.Command, [(byte)index, (byte)term]);

    public static LogEntry[] Entries(long firstIndex, params long[] terms) => [.. terms.Select((t, i) => Entry(firstIndex + i, t))];

    /// <summary>A valid snapshot of <see cref="ChecksumStateMachine"/> (it checks its ballast on restore) of <paramref name="bytes"/> bytes.</summary>
    public static byte[] SnapshotData(int bytes)
    {
        var machine = new ChecksumStateMachine(bytes - 24);
        machine.Apply(1, new byte[] { 1, 2, 3 });
        return machine.TakeSnapshot();
    }

    /// <summary>The terms of the entries the journal holds after its snapshot: what the peer would recover.</summary>
    public static long[] JournalTerms(this PeerUnderTest peer) => [.. peer.Journal.Read().Entries.Select(e => e.Term)];

    /// <summary>Lets n1's election timer fire, grants it every probe's pre-vote (if on) and vote, and checks it leads; returns its term.</summary>
    public static long ElectAsLeader(this PeerUnderTest peer)
    {
        peer.Advance(peer.Options.ElectionTimeoutMax);
        if (peer.Options.PreVote)
        {
            foreach (var member in peer.ProbeIds)
            {
                var preVote = peer.Probe(member).ExpectMsg<RaftProtocol.PreVote>(hint: $"n1 asking {member} for a pre-vote");
                peer.Send(member, new RaftProtocol.PreVoteResult(preVote.Term, member, VoteGranted: true, VoterTerm: preVote.Term - 1));
            }
        }

        var requests = peer.ProbeIds.Select(m => peer.Probe(m).ExpectMsg<RaftProtocol.RequestVote>(hint: $"n1 asking {m} for a vote")).ToList();
        var term = requests[0].Term;
        Assert.All(requests, r => Assert.Equal(term, r.Term));
        foreach (var member in peer.ProbeIds)
        {
            peer.Send(member, new RaftProtocol.RequestVoteResult(term, member, VoteGranted: true));
        }

        var status = peer.Status();
        Assert.True(status.Role == RaftRole.Leader && status.Term == term, $"n1 should lead term {term} once granted every vote; it is {status.Role} in term {status.Term}");
        return term;
    }

    public static RaftProtocol.AppendEntries ExpectAppend(this PeerUnderTest peer, string member, string? hint = null) =>
        peer.Probe(member).ExpectMsg<RaftProtocol.AppendEntries>(hint: hint ?? $"an AppendEntries to {member}");

    /// <summary>Answers <paramref name="request"/> from <paramref name="member"/> as a follower whose log now matches it.</summary>
    public static void Accept(this PeerUnderTest peer, string member, RaftProtocol.AppendEntries request)
    {
        var last = request.PrevLogIndex + request.Entries.Length;
        peer.Send(member, new RaftProtocol.AppendEntriesResult(request.Term, member, Success: true, request.PrevLogIndex, last, 0, 0, last));
    }

    /// <summary>Checks that <paramref name="member"/>'s probe holds no message. Call it after a round trip to the peer (Status, Advance), which puts everything the peer sent before it in the probes' queues.</summary>
    public static void AssertHeardNothing(this PeerUnderTest peer, string member, string because)
    {
        var probe = peer.Probe(member);
        if (probe.HasMessages)
        {
            Assert.Fail($"{member} should have heard nothing ({because}), but got {probe.ReceiveOne(TimeSpan.Zero)}");
        }
    }

    /// <summary>An AppendEntries in one readable line, so a failed comparison shows both sides whole.</summary>
    public static string Describe(RaftProtocol.AppendEntries request) =>
        $"term {request.Term} from {request.LeaderId}, prev {request.PrevLogIndex}@{request.PrevLogTerm}, entries [{string.Join(" ", request.Entries.Select(e => $"{e.Index}@{e.Term}"))}], commit {request.LeaderCommit}";

    public static string Append(long term, long prevIndex, long prevTerm, string entries, long commit) =>
        $"term {term} from n1, prev {prevIndex}@{prevTerm}, entries [{entries}], commit {commit}";
}
