using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// A seeded random history of what a group may send member n1 while others lead: appends from successive leaders
/// (each keeping at least the committed prefix and overwriting the rest), snapshots in chunks, vote requests, its own
/// elections that no one answers, snapshots of its state machine, and its journal completing writes at random moments.
/// The same seed gives the same history.
/// </summary>
internal sealed class FollowerHistory
{
    private readonly Random _random;
    private readonly List<LogEntry> _leaderLog = [];
    private long _leaderTerm = 1;
    private string _leader = "n2";
    private long _committed;
    private long _lastSnapshotTaken;

    public FollowerHistory(int seed)
    {
        _random = new Random(seed);
        Driver = NodeDriver.Start(options: new RaftOptions { SnapshotChunkBytes = 2, PreVote = false, CheckQuorum = false }, seed: seed);
        Extend(_random.Next(1, 4));
    }

    public NodeDriver Driver { get; }

    /// <summary>The last input, for failure messages.</summary>
    public string LastInput { get; private set; } = "start";

    /// <summary>What the last input produced.</summary>
    public IReadOnlyList<RaftEffect> LastEffects { get; private set; } = [];

    public void Run(int steps, Action afterEach)
    {
        for (var i = 0; i < steps; i++)
        {
            Next();
            afterEach();
        }
    }

    private void Next()
    {
        var node = Driver.Node;
        LastEffects = [];
        switch (_random.Next(12))
        {
            case 0 or 1 or 2:
                Send(Append());
                break;
            case 3:
                NewLeader();
                break;
            case 4:
                Extend(_random.Next(1, 4));
                _committed = _random.NextInt64(_committed, _leaderLog.Count + 1);
                break;
            case 5:
                var candidate = _random.Next(2) == 0 ? "n2" : "n3";
                Send(new RequestVote(Math.Max(0, node.CurrentTerm + _random.Next(-1, 2)), candidate, _random.Next(0, 8), _random.Next(0, (int)_leaderTerm + 1)));
                break;
            case 6 when _committed > 0:
                SendSnapshot();
                break;
            case 7 when node.CommitIndex > Math.Max(node.Log.SnapshotIndex, _lastSnapshotTaken):
                // A host snapshots its state machine at increasing applied indexes.
                _lastSnapshotTaken = _random.NextInt64(Math.Max(node.Log.SnapshotIndex, _lastSnapshotTaken) + 1, node.CommitIndex + 1);
                LastInput = $"SnapshotTaken({_lastSnapshotTaken})";
                LastEffects = Driver.SnapshotTaken(_lastSnapshotTaken, node.Log.TermAt(_lastSnapshotTaken)!.Value, [(byte)_lastSnapshotTaken]);
                break;
            case 8:
                Send(RaftTimer.ElectionTimeout);
                break;
            default:
                if (Driver.Outstanding is not null)
                {
                    LastInput = $"Persisted(#{Driver.Outstanding.Sequence})";
                    LastEffects = Driver.CompleteWrite();
                }

                break;
        }
    }

    private void Send(object message)
    {
        LastInput = message.ToString()!;
        LastEffects = [.. LastEffects, .. Driver.Step(message)];
    }

    /// <summary>The leader's AppendEntries from a random point at or before the follower's end.</summary>
    private AppendEntries Append()
    {
        var prev = _random.NextInt64(0, Math.Min(Driver.Node.Log.LastIndex, _leaderLog.Count) + 1);
        var count = _random.Next(0, 4);
        var entries = _leaderLog.Skip((int)prev).Take(count).ToArray();
        return new AppendEntries(_leaderTerm, _leader, prev, TermAt(prev), entries, _committed);
    }

    /// <summary>A new leader of a term above any seen keeps the committed prefix and perhaps more, and appends its own.</summary>
    private void NewLeader()
    {
        _leaderTerm = Math.Max(_leaderTerm, Driver.Node.CurrentTerm) + 1;
        _leader = _random.Next(2) == 0 ? "n2" : "n3";
        var keep = (int)_random.NextInt64(_committed, _leaderLog.Count + 1);
        _leaderLog.RemoveRange(keep, _leaderLog.Count - keep);
        Extend(_random.Next(1, 4));
    }

    private void Extend(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _leaderLog.Add(new LogEntry(_leaderLog.Count + 1, _leaderTerm, EntryKind.Command, [(byte)_leaderTerm, (byte)_leaderLog.Count]));
        }
    }

    /// <summary>A snapshot of the committed prefix, sent in 2-byte chunks; the transfer may stop midway or skip a chunk.</summary>
    private void SendSnapshot()
    {
        var index = _random.NextInt64(1, _committed + 1);
        var data = Enumerable.Range(0, _random.Next(1, 6)).Select(i => (byte)(index + i)).ToArray();
        for (var offset = 0; offset < data.Length; offset += 2)
        {
            if (_random.Next(8) == 0)
            {
                continue;
            }

            var chunk = data[offset..Math.Min(offset + 2, data.Length)];
            Send(new InstallSnapshot(_leaderTerm, _leader, index, TermAt(index), offset, chunk, offset + chunk.Length == data.Length));
            if (_random.Next(4) == 0)
            {
                break;
            }
        }
    }

    private long TermAt(long index) => index == 0 ? 0 : _leaderLog[(int)index - 1].Term;
}
