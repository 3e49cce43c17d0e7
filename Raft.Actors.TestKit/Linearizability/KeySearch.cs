namespace Raft.Actors.TestKit.Linearizability;

/// <summary>
/// The search for one key: calls and returns in time order in a linked list; repeatedly take the first call whose
/// operation can go next (lifting its call and return out of the list), and backtrack when a return comes first,
/// i.e. an operation that must already have happened could not be placed. States already explored are skipped.
/// </summary>
internal sealed class KeySearch
{
    private readonly List<HistoryOperation> _operations;
    private readonly Event _head = new(-1, isCall: false, TimeSpan.Zero);

    private KeySearch(List<HistoryOperation> operations)
    {
        _operations = operations;
        var events = new List<Event>(operations.Count * 2);
        for (var i = 0; i < operations.Count; i++)
        {
            var call = new Event(i, isCall: true, operations[i].Call);

            // An operation of unknown outcome never has to have happened: its return is at the end of time.
            var ret = new Event(i, isCall: false, operations[i].Return is { } at && operations[i].IsKnown ? at : TimeSpan.MaxValue);
            call.Match = ret;
            events.Add(call);
            events.Add(ret);
        }

        // Calls before returns at the same instant: operations that touch in time count as concurrent.
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.IsCall != b.IsCall ? (a.IsCall ? -1 : 1) : a.Operation.CompareTo(b.Operation));
        var previous = _head;
        foreach (var e in events)
        {
            previous.Next = e;
            e.Previous = previous;
            previous = e;
        }
    }

    public static bool IsLinearizable(List<HistoryOperation> operations) => new KeySearch(operations).Search();

    private bool Search()
    {
        var known = _operations.Count(o => o.IsKnown);
        var linearized = new ulong[(_operations.Count + 63) / 64];
        var knownLinearized = 0;
        var explored = new HashSet<Explored>();
        var stack = new Stack<(Event Call, byte[]? Before)>();
        byte[]? state = null;
        var current = _head.Next;
        while (knownLinearized < known)
        {
            // Never null here: while operations remain, the last event left is a return, which stops the walk.
            if (current!.IsCall)
            {
                var operation = _operations[current.Operation];
                if (KvModel.Step(state, operation, out var next))
                {
                    Set(linearized, current.Operation, true);
                    if (explored.Add(new Explored([.. linearized], next)))
                    {
                        stack.Push((current, state));
                        state = next;
                        knownLinearized += operation.IsKnown ? 1 : 0;
                        Lift(current);
                        current = _head.Next;
                        continue;
                    }

                    Set(linearized, current.Operation, false);
                }

                current = current.Next;
                continue;
            }

            // A return: its operation must come before everything later, and no order found so far allows it.
            if (stack.Count == 0)
            {
                return false;
            }

            var (call, before) = stack.Pop();
            state = before;
            Set(linearized, call.Operation, false);
            knownLinearized -= _operations[call.Operation].IsKnown ? 1 : 0;
            Unlift(call);
            current = call.Next;
        }

        return true;
    }

    private static void Set(ulong[] bits, int index, bool value)
    {
        if (value)
        {
            bits[index / 64] |= 1UL << (index % 64);
        }
        else
        {
            bits[index / 64] &= ~(1UL << (index % 64));
        }
    }

    private static void Lift(Event call)
    {
        Remove(call);
        Remove(call.Match!);
    }

    private static void Unlift(Event call)
    {
        Restore(call.Match!);
        Restore(call);
    }

    private static void Remove(Event e)
    {
        e.Previous!.Next = e.Next;
        if (e.Next is not null)
        {
            e.Next.Previous = e.Previous;
        }
    }

    // Dancing links: an event removed last is restored first, so its neighbours still point where it was.
    private static void Restore(Event e)
    {
        e.Previous!.Next = e;
        if (e.Next is not null)
        {
            e.Next.Previous = e;
        }
    }

    private sealed class Event(int operation, bool isCall, TimeSpan at)
    {
        public int Operation { get; } = operation;

        public bool IsCall { get; } = isCall;

        public TimeSpan At { get; } = at;

        public Event? Match { get; set; }

        public Event? Previous { get; set; }

        public Event? Next { get; set; }
    }

    /// <summary>A point of the search: which operations are placed, and the value they leave.</summary>
    private sealed class Explored(ulong[] linearized, byte[]? state) : IEquatable<Explored>
    {
        private readonly int _hash = Hash(linearized, state);

        public bool Equals(Explored? other) =>
            other is not null && _hash == other._hash && linearized.AsSpan().SequenceEqual(other.Linearized) && KvModel.Same(state, other.State);

        public override bool Equals(object? obj) => Equals(obj as Explored);

        public override int GetHashCode() => _hash;

        private ulong[] Linearized => linearized;

        private byte[]? State => state;

        private static int Hash(ulong[] bits, byte[]? state)
        {
            var hash = new HashCode();
            foreach (var word in bits)
            {
                hash.Add(word);
            }

            hash.AddBytes(state ?? [0xff, 0xfe]);
            hash.Add(state is null);
            return hash.ToHashCode();
        }
    }
}
