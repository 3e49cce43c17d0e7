using System.Collections.Concurrent;
using System.Text;
using Raft.Actors.StateMachine.Sessions;
using Raft.Actors.TestKit.Linearizability;

namespace Raft.Tests.Processes;

/// <summary>
/// One client of a <see cref="ProcessWorkload"/>: one operation at a time on a few shared keys (gets, puts,
/// compare-and-sets from the value it last saw, deletes), each recorded in the history from its call to its answer.
/// A write is stamped in the client's session and retried with the same stamp until the group answers, so it applies
/// once and its outcome is almost always known; a write given up on, or whose stamp the session refused, is recorded as
/// of unknown outcome. A get that gets no answer is retried, and dropped from the history if given up on.
/// </summary>
internal sealed class RecordingClient(int id, string name, IKvEndpoint endpoint, HistoryRecorder history, ConcurrentQueue<AcknowledgedWrite> acknowledged, int keys)
{
    // A pause between attempts, so a client facing a dead node or no leader does not spin on a shared 2-core machine.
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(20);

    private readonly Random _random = new(id);
    private readonly Dictionary<string, byte[]?> _lastSeen = new(StringComparer.Ordinal);
    private long _sequence;

    public string Name => name;

    public int Answered { get; private set; }

    public int Unknown { get; private set; }

    public int FailedAttempts { get; private set; }

    /// <summary>Runs operations until <paramref name="stop"/>; the operation under way is then tried until it is answered or <paramref name="giveUp"/>.</summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken giveUp)
    {
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var input = NextInput(Encoding.ASCII.GetBytes($"{name}-{n}"));
            SessionStamp? stamp = input.Kind == KvOperationKind.Get ? null : new SessionStamp(name, ++_sequence, _sequence);
            var operation = history.Invoke(id, input);
            for (var attempt = 0; ; attempt++)
            {
                var result = await endpoint.TryAsync(input, stamp, attempt);
                if (result.Outcome == KvAttemptOutcome.Answered)
                {
                    history.Return(operation, result.Output!);
                    Answered++;
                    Saw(input, result.Output!);
                    if (stamp is { } s && result.Index > 0)
                    {
                        acknowledged.Enqueue(new AcknowledgedWrite($"{name}: {input}", result.Index, result.Term, KvCommands.Entry(input, s)));
                    }

                    break;
                }

                FailedAttempts++;
                if (result.Outcome == KvAttemptOutcome.Rejected || giveUp.IsCancellationRequested)
                {
                    GiveUp(operation, input);
                    break;
                }

                await Task.Delay(RetryPause);
            }
        }
    }

    private KvInput NextInput(byte[] value)
    {
        var key = $"k{_random.Next(keys)}";
        return _random.Next(20) switch
        {
            < 8 => KvInput.Get(key),
            < 13 => KvInput.Put(key, value),
            < 17 => KvInput.CompareAndSet(key, _lastSeen.GetValueOrDefault(key), value),
            _ => KvInput.Delete(key),
        };
    }

    /// <summary>Remembers what the key held after the operation, as far as this client knows, for its next compare-and-set.</summary>
    private void Saw(KvInput input, KvOutput output)
    {
        switch (input.Kind)
        {
            case KvOperationKind.Get:
                _lastSeen[input.Key] = output.Value;
                break;
            case KvOperationKind.Put:
                _lastSeen[input.Key] = input.Value;
                break;
            case KvOperationKind.Delete:
                _lastSeen[input.Key] = null;
                break;
            case KvOperationKind.CompareAndSet when output.Succeeded:
                _lastSeen[input.Key] = input.Value;
                break;
        }
    }

    private void GiveUp(long operation, KvInput input)
    {
        if (input.Kind == KvOperationKind.Get)
        {
            // A read changes nothing: one never answered tells nothing.
            history.Discard(operation);
        }
        else
        {
            history.Unknown(operation);
            Unknown++;
        }
    }
}
