using Raft.Actors.Protocol;
using Raft.Actors.Core;

namespace Raft.Actors.TestKit.Safety;

/// <summary>
/// Checks Raft's safety properties (paper, Figure 3) while a simulated cluster runs, at the event that would
/// break them: election safety (one leader per term), leader completeness (every committed entry is in every
/// later leader's log), state machine safety (no two peers apply different entries at an index), in-order
/// apply without gaps or repeats, and, on demand, log matching across all running peers.
/// </summary>
public sealed class SafetyChecker(Func<string, RaftLog?> logOf, Func<IEnumerable<string>> runningMembers) : IRaftObserver
{
    private readonly Dictionary<long, string> _leaderOfTerm = [];
    private readonly Dictionary<long, LogEntry> _applied = [];
    private readonly Dictionary<string, long> _lastApplied = new(StringComparer.Ordinal);

    /// <summary>Leaders elected so far, by term.</summary>
    public IReadOnlyDictionary<long, string> LeaderOfTerm => _leaderOfTerm;

    /// <summary>The highest index any peer applied.</summary>
    public long HighestApplied { get; private set; }

    public long LastAppliedBy(string memberId) => _lastApplied.GetValueOrDefault(memberId);

    /// <summary>The entry applied at <paramref name="index"/> (by anyone), if any.</summary>
    public LogEntry? AppliedAt(long index) => _applied.GetValueOrDefault(index);

    /// <summary>How many of <paramref name="members"/> have applied through <paramref name="index"/>.</summary>
    public int CountApplied(long index, IEnumerable<string> members) => members.Count(m => _lastApplied.GetValueOrDefault(m) >= index);

    public void OnRoleChanged(string memberId, RaftRole role, long term)
    {
        if (role != RaftRole.Leader)
        {
            return;
        }

        if (_leaderOfTerm.TryGetValue(term, out var other) && other != memberId)
        {
            throw new SafetyViolationException("Election safety", $"'{other}' and '{memberId}' were both elected leader of term {term}.");
        }

        _leaderOfTerm[term] = memberId;
        CheckLeaderCompleteness(memberId, term);
    }

    public void OnCommitted(string memberId, long commitIndex)
    {
    }

    public void OnApplied(string memberId, LogEntry entry)
    {
        var last = _lastApplied.GetValueOrDefault(memberId);
        if (entry.Index != last + 1)
        {
            throw new SafetyViolationException("In-order apply", $"'{memberId}' applied entry {entry.Index} right after {last}.");
        }

        _lastApplied[memberId] = entry.Index;
        if (_applied.TryGetValue(entry.Index, out var first))
        {
            if (!first.SameAs(entry))
            {
                throw new SafetyViolationException("State machine safety", $"'{memberId}' applied {entry} at index {entry.Index}, where another peer applied {first}.");
            }
        }
        else
        {
            _applied[entry.Index] = entry;
            HighestApplied = Math.Max(HighestApplied, entry.Index);
        }
    }

    public void OnRestored(string memberId, long index, long term)
    {
        var last = _lastApplied.GetValueOrDefault(memberId);
        if (index < last)
        {
            throw new SafetyViolationException("In-order apply", $"'{memberId}' restored a snapshot at {index} after applying through {last}.");
        }

        if (_applied.TryGetValue(index, out var entry) && entry.Term != term)
        {
            throw new SafetyViolationException("State machine safety", $"'{memberId}' restored a snapshot ending at {index}@{term}, but {entry} was applied there.");
        }

        _lastApplied[memberId] = index;
    }

    /// <summary>A member restarted with a fresh state machine: it applies again from its snapshot.</summary>
    public void OnRestarted(string memberId) => _lastApplied[memberId] = 0;

    /// <summary>
    /// Log matching (§5.3): if two logs hold an entry with the same index and term, they hold the same entries up
    /// to and including it. Checked pairwise over every running member's log.
    /// </summary>
    public void CheckLogMatching()
    {
        var logs = runningMembers().Select(m => (Member: m, Log: logOf(m))).Where(x => x.Log is not null).ToList();
        for (var i = 0; i < logs.Count; i++)
        {
            for (var j = i + 1; j < logs.Count; j++)
            {
                CheckPair(logs[i].Member, logs[i].Log!, logs[j].Member, logs[j].Log!);
            }
        }
    }

    private static void CheckPair(string nameA, RaftLog a, string nameB, RaftLog b)
    {
        var floor = Math.Max(a.SnapshotIndex, b.SnapshotIndex);
        var index = Math.Min(a.LastIndex, b.LastIndex);
        while (index > floor && a.TermAt(index) != b.TermAt(index))
        {
            index--;
        }

        for (var k = index; k > floor; k--)
        {
            var x = a.EntryAt(k);
            var y = b.EntryAt(k);
            if (!x.SameAs(y))
            {
                throw new SafetyViolationException("Log matching", $"'{nameA}' and '{nameB}' agree at index {index} (term {a.TermAt(index)}) but differ at {k}: {x} vs {y}.");
            }
        }
    }

    private void CheckLeaderCompleteness(string leader, long term)
    {
        var log = logOf(leader);
        if (log is null)
        {
            return;
        }

        foreach (var (index, entry) in _applied)
        {
            if (index <= log.SnapshotIndex || entry.Term >= term)
            {
                continue;
            }

            var held = log.TermAt(index);
            if (held != entry.Term)
            {
                throw new SafetyViolationException("Leader completeness", $"'{leader}' leads term {term} without committed entry {entry} (its log has term {held?.ToString() ?? "nothing"} there).");
            }
        }
    }
}
