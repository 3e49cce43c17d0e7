using Raft.Actors.StateMachine.Sessions;
using Raft.Actors.TestKit.Linearizability;

namespace Raft.Tests.Processes;

/// <summary>
/// A stand-in for the group, for checking the process test's clients and checker without processes: one map, each
/// operation atomic, a session table that answers a retried stamp with its first result. Every third write attempt is
/// applied but its answer lost, so retries and duplicates happen as across a leader kill. With
/// <see cref="LoseWrite"/> set, it acknowledges that many-th put to key k0 without storing it: a lost acknowledged write.
/// </summary>
internal sealed class InMemoryEndpoint(int answers, CancellationTokenSource stop) : IKvEndpoint
{
    private readonly object _gate = new();
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, long), KvOutput> _sessions = [];
    private int _answered;
    private int _writeAttempts;
    private int _putsToK0;

    /// <summary>Which put to k0 (1 for the first) is acknowledged and lost; 0 loses none.</summary>
    public int LoseWrite { get; init; }

    /// <summary>The value of the put that was lost, once it was.</summary>
    public byte[]? Lost { get; private set; }

    public Task<KvAttempt> TryAsync(KvInput input, SessionStamp? stamp, int attempt)
    {
        lock (_gate)
        {
            var output = stamp is { } s ? Write(input, s) : KvOutput.Read(_values.GetValueOrDefault(input.Key));
            if (stamp is not null && ++_writeAttempts % 3 == 0)
            {
                return Task.FromResult(KvAttempt.Failed("the answer was lost"));
            }

            if (++_answered == answers)
            {
                stop.Cancel();
            }

            return Task.FromResult(KvAttempt.Answered(output, _answered, 1));
        }
    }

    private KvOutput Write(KvInput input, SessionStamp stamp)
    {
        if (_sessions.TryGetValue((stamp.ClientId, stamp.Sequence), out var first))
        {
            return first;
        }

        _values.TryGetValue(input.Key, out var current);
        KvOutput output;
        switch (input.Kind)
        {
            case KvOperationKind.Put when input.Key == "k0" && ++_putsToK0 == LoseWrite:
                Lost = input.Value;
                output = KvOutput.Done;
                break;
            case KvOperationKind.Put:
                _values[input.Key] = input.Value!;
                output = KvOutput.Done;
                break;
            case KvOperationKind.Delete:
                output = KvOutput.Deleted(_values.Remove(input.Key));
                break;
            default:
                var matches = current is null ? input.Expected is null : input.Expected is not null && current.AsSpan().SequenceEqual(input.Expected);
                if (matches)
                {
                    _values[input.Key] = input.Value!;
                }

                output = KvOutput.CompareAndSet(matches);
                break;
        }

        _sessions[(stamp.ClientId, stamp.Sequence)] = output;
        return output;
    }
}
