using Raft.Actors.Core;
using Raft.Actors.Persistence;
using Raft.Actors.Protocol;

namespace Raft.Tests.Core;

/// <summary>
/// Plays the host of one <see cref="RaftNode"/>, member "n1", the way the peer actor does: one input, then
/// <see cref="RaftNode.Flush"/>, then the effects, which each call returns. It plays the journal too: <see cref="CompleteWrite"/>
/// applies the outstanding Persist to <see cref="Journal"/> and only then reports it durable. Every effect is checked
/// against two rules a host relies on: at most one Persist outstanding, and no message that vouches for state the
/// journal does not hold yet (persist before reply, §5.1).
/// </summary>
internal sealed class NodeDriver
{
    public const string Self = "n1";

    private long _records;

    private NodeDriver(RaftNode node, JournalRecovery recovered, string[] peers)
    {
        Node = node;
        Peers = peers;
        Journal = new JournalReplay($"driver/{Self}");
        Journal.Restore(recovered);
    }

    public RaftNode Node { get; }

    public IReadOnlyList<string> Peers { get; }

    /// <summary>What the journal holds: the recovered state plus every batch this driver made durable.</summary>
    public JournalReplay Journal { get; }

    /// <summary>The write the node asked for and has not been told is durable.</summary>
    public RaftEffect.Persist? Outstanding { get; private set; }

    /// <summary>What <see cref="RaftNode.Start"/> produced.</summary>
    public IReadOnlyList<RaftEffect> StartEffects { get; private set; } = [];

    /// <summary>
    /// Options for tests of the paper's Figure 2 as written: no PreVote (a timed-out follower stands at once) and no
    /// CheckQuorum (no leader stickiness, a leader never steps down on its own).
    /// </summary>
    public static RaftOptions Figure2 => new() { PreVote = false, CheckQuorum = false };

    /// <param name="members">The group's size; the peers are n2, n3, ...</param>
    /// <param name="seed">Seeds the election timeouts.</param>
    public static NodeDriver Start(JournalRecovery? recovered = null, int members = 3, RaftOptions? options = null, int seed = 1)
    {
        recovered ??= JournalRecovery.Empty;
        var peers = Enumerable.Range(2, members - 1).Select(i => $"n{i}").ToArray();
        var node = new RaftNode(Self, peers, options ?? new RaftOptions(), new Random(seed), recovered);
        var driver = new NodeDriver(node, recovered, peers);
        node.Start();
        driver.StartEffects = driver.Take();
        return driver;
    }

    /// <summary>A member whose journal holds this hard state, snapshot, and one entry per term given after the snapshot.</summary>
    public static NodeDriver Recover(long term = 0, string? votedFor = null, long[]? terms = null, SnapshotRecord? snapshot = null, int members = 3, RaftOptions? options = null) =>
        Start(Recovery(term, votedFor, terms, snapshot), members, options);

    public static JournalRecovery Recovery(long term = 0, string? votedFor = null, long[]? terms = null, SnapshotRecord? snapshot = null) =>
        new(new HardState(term, votedFor), snapshot, Logs.Entries((snapshot?.LastIncludedIndex ?? 0) + 1, terms ?? []));

    public List<RaftEffect> Step(object message)
    {
        Node.Step(message);
        return Flush();
    }

    public List<RaftEffect> Flush()
    {
        Node.Flush();
        return Take();
    }

    /// <summary>Makes the outstanding write durable in <see cref="Journal"/>, then tells the node, then flushes.</summary>
    public List<RaftEffect> CompleteWrite()
    {
        var write = Outstanding ?? throw new InvalidOperationException("No write is outstanding.");
        foreach (var operation in write.Operations)
        {
            Journal.Apply(operation, ++_records);
        }

        Outstanding = null;
        Node.Persisted(write.Sequence);
        return Flush();
    }

    public List<RaftEffect> SnapshotTaken(long index, long term, byte[] data)
    {
        Node.SnapshotTaken(index, term, data);
        return Flush();
    }

    /// <summary>Proposes one command per name; the effects come with the next flush.</summary>
    public ProposeResult Propose(params string[] commands) =>
        Node.Propose(commands.Select(c => System.Text.Encoding.UTF8.GetBytes(c)).ToArray());

    /// <summary>
    /// Times out, wins the pre-vote if PreVote is on, makes the candidacy durable, and grants votes from the peers in
    /// order until n1 leads. Returns the effects of the deciding vote; the new leader's no-op is then being written.
    /// </summary>
    public List<RaftEffect> ElectAsLeader()
    {
        Step(RaftTimer.ElectionTimeout);
        var proposed = Node.CurrentTerm + 1;
        foreach (var peer in Peers.TakeWhile(_ => Node.Role == RaftRole.Follower))
        {
            Step(new RaftProtocol.PreVoteResult(proposed, peer, VoteGranted: true, VoterTerm: proposed - 1));
        }

        CompleteWrite();
        var term = Node.CurrentTerm;
        var effects = new List<RaftEffect>();
        foreach (var peer in Peers.TakeWhile(_ => Node.Role != RaftRole.Leader))
        {
            effects = Step(new RaftProtocol.RequestVoteResult(term, peer, VoteGranted: true));
        }

        Assert.Equal(RaftRole.Leader, Node.Role);
        return effects;
    }

    /// <summary>Answers <paramref name="request"/> as a follower whose log now matches it through its last entry.</summary>
    public List<RaftEffect> Accept(string member, RaftProtocol.AppendEntries request)
    {
        var last = request.PrevLogIndex + request.Entries.Length;
        return Step(new RaftProtocol.AppendEntriesResult(request.Term, member, Success: true, request.PrevLogIndex, last, 0, 0, last));
    }

    /// <summary>The one message of type <typeparamref name="T"/> sent to <paramref name="member"/> among <paramref name="effects"/>.</summary>
    public static T SentTo<T>(IEnumerable<RaftEffect> effects, string member) =>
        Assert.Single(effects.OfType<RaftEffect.Send>().Where(s => s.To == member).Select(s => s.Message).OfType<T>());

    private List<RaftEffect> Take()
    {
        var effects = Node.TakeEffects().ToList();
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case RaftEffect.Persist persist:
                    if (Outstanding is { } outstanding)
                    {
                        Assert.Fail($"Persist #{persist.Sequence} was asked for while #{outstanding.Sequence} is outstanding: one write at a time.");
                    }

                    Outstanding = persist;
                    break;
                case RaftEffect.Send send:
                    AssertVouchedStateIsDurable(send);
                    break;
            }
        }

        return effects;
    }

    /// <summary>
    /// A message may only vouch for what the journal holds. State of an older term than the journal's may since have
    /// been replaced in the same write (a newer leader's truncation), so only the term is checked then.
    /// </summary>
    private void AssertVouchedStateIsDurable(RaftEffect.Send send)
    {
        if (send.Message is RaftProtocol.PreVote or RaftProtocol.PreVoteResult)
        {
            // A pre-vote vouches for nothing, and its term is only proposed (thesis §9.6).
            return;
        }

        var durable = Journal.ToRecovery();
        var (term, sender) = send.Message is IRaftMessage raft
            ? (raft.Term, raft.From)
            : throw new ArgumentOutOfRangeException(nameof(send), send.Message, "Not a Raft message.");        var what = $"'{EffectText.Line(send)}' with the journal at {EffectText.Recovery(durable)}";
        Assert.True(sender == Self, $"Sent as '{sender}': {what}");
        Assert.True(term <= durable.HardState.Term, $"Term not durable: {what}");
        if (durable.HardState.Term > term)
        {
            return;
        }

        switch (send.Message)
        {
            case RaftProtocol.RequestVote:
                Assert.True(durable.HardState.VotedFor == Self, $"Own vote not durable: {what}");
                break;
            case RaftProtocol.RequestVoteResult { VoteGranted: true }:
                Assert.True(durable.HardState.VotedFor == send.To, $"Vote not durable: {what}");
                break;
            case RaftProtocol.AppendEntriesResult { Success: true } m:
                Assert.True(DurablyHolds(m.MatchIndex, term), $"Entries not durable: {what}");
                break;
            case RaftProtocol.InstallSnapshotResult { Installed: true } m:
                Assert.True(DurablyHolds(m.LastIncludedIndex, term), $"Snapshot not durable: {what}");
                break;
        }
    }

    /// <summary>
    /// The journal holds <paramref name="index"/>, in its snapshot or as an entry no newer than the reply's term. While
    /// that term lasts, the log in memory must still agree: a leader never takes back what it sent in its term.
    /// </summary>
    private bool DurablyHolds(long index, long replyTerm)
    {
        if (index <= Journal.SnapshotIndex)
        {
            return true;
        }

        if (index > Journal.LastIndex)
        {
            return false;
        }

        var entry = Journal.ToRecovery().Entries[(int)(index - Journal.SnapshotIndex - 1)];
        return entry.Term <= replyTerm && (Node.CurrentTerm != replyTerm || Node.Log.TermAt(index) is not { } term || term == entry.Term);
    }
}
