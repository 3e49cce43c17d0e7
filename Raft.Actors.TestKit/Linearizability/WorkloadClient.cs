using System.Text;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Simulation;

namespace Raft.Actors.TestKit.Linearizability;

/// <summary>One client of a <see cref="KeyValueWorkload"/>: one operation at a time, each attempt a <see cref="WorkloadAttempt"/>.</summary>
internal sealed class WorkloadClient(int id, SimulatedCluster cluster, KeyValueWorkloadSettings settings, HistoryRecorder history)
{
    private WorkloadAttempt? _attempt;
    private KvInput? _input;
    private long _operation;
    private TimeSpan _deadline;
    private string? _leader;
    private bool _stopping;
    private int _sequence;

    public bool Idle => _input is null;

    public int ReadsAnswered { get; private set; }

    public int WritesAnswered { get; private set; }

    private Simulator Simulator => cluster.Simulator;

    public void Start() => Simulator.Schedule(Think(), Next);

    public void Stop() => _stopping = true;

    /// <summary>An answer to the current attempt (older attempts' late answers are dropped by the attempt).</summary>
    public void Answered(WorkloadAttempt attempt, object message)
    {
        if (attempt != _attempt)
        {
            return;
        }

        switch (message)
        {
            case ClientProtocol.ProposalAccepted:
                // In a log now: the client waits for the outcome.
                break;
            case ClientProtocol.NotLeader notLeader:
                // Refused before it reached a log: it certainly had no effect, so it may go elsewhere.
                _leader = notLeader.LeaderId;
                Retry();
                break;
            case ClientProtocol.ProposalApplied applied:
                WritesAnswered++;
                Finish(KvCodec.Output(_input!, applied.Result));
                break;
            case ClientProtocol.ProposalFailed:
                // Lost leadership or stopped after accepting it: it may still commit, at any later time.
                _leader = null;
                GiveUp(maybeApplied: true);
                break;
            case ClientProtocol.ReadResult read:
                ReadsAnswered++;
                Finish(KvCodec.Output(_input!, read.Result));
                break;
            case ClientProtocol.ReadFailed failed:
                _leader = failed.LeaderId;
                Retry();
                break;
        }
    }

    private void Next()
    {
        if (_stopping)
        {
            return;
        }

        var random = Simulator.Random;
        var key = $"k{random.Next(settings.Keys)}";
        var value = Encoding.ASCII.GetBytes($"c{id}-{++_sequence}");
        var choice = random.NextDouble();
        _input = choice < settings.ReadShare ? KvInput.Get(key)
            : choice < settings.ReadShare + ((1 - settings.ReadShare) * 0.7) ? KvInput.Put(key, value)
            : KvInput.CompareAndSet(key, LastValueOf(key), value);
        _operation = history.Invoke(id, _input);
        _deadline = cluster.Now + settings.OperationTimeout;
        Attempt();
    }

    /// <summary>A compare-and-set expects a value this client last saw or wrote, so that some succeed.</summary>
    private byte[]? LastValueOf(string key) =>
        history.History().LastOrDefault(o => o.ClientId == id && o.Input.Key == key && o.Output is not null) is { } last
            ? (last.Input.Kind == KvOperationKind.Get ? last.Output!.Value : last.Input.Value)
            : null;

    private void Attempt()
    {
        var attempt = _attempt = new WorkloadAttempt(this);
        var input = _input!;
        if (input.Kind != KvOperationKind.Get)
        {
            cluster.Propose(WriteTarget(), attempt, KvCodec.Command(input));
        }
        else if (settings.ReadPath == ReadPath.LocalStateMachine)
        {
            var member = AnyRunning();
            if (cluster.StateMachineOf(member) is { } store)
            {
                ReadsAnswered++;
                Finish(KvCodec.Output(input, store.Query(KvCodec.Query(input.Key))));
                return;
            }
        }
        else
        {
            cluster.Read(settings.ReadPath == ReadPath.Leader ? WriteTarget() : AnyRunning(), attempt, KvCodec.Query(input.Key));
        }

        Simulator.Schedule(settings.AttemptTimeout, () =>
        {
            if (attempt == _attempt)
            {
                // No answer: a write may have been accepted by a member that then went silent.
                _leader = null;
                if (input.Kind == KvOperationKind.Get)
                {
                    Retry();
                }
                else
                {
                    GiveUp(maybeApplied: true);
                }
            }
        });
    }

    private string WriteTarget() => _leader is { } leader && cluster.IsRunning(leader) ? leader : AnyRunning();

    private string AnyRunning()
    {
        var running = cluster.Running.ToList();
        return running.Count > 0 ? running[Simulator.Random.Next(running.Count)] : cluster.Members[0];
    }

    private void Retry()
    {
        _attempt = null;
        if (cluster.Now >= _deadline)
        {
            GiveUp(maybeApplied: false);
            return;
        }

        var pending = new WorkloadAttempt(this);
        _attempt = pending;
        Simulator.Schedule(TimeSpan.FromMilliseconds(10 + Simulator.Random.Next(20)), () =>
        {
            if (_attempt == pending)
            {
                Attempt();
            }
        });
    }

    private void Finish(KvOutput output)
    {
        history.Return(_operation, output);
        Done();
    }

    private void GiveUp(bool maybeApplied)
    {
        if (maybeApplied)
        {
            history.Unknown(_operation);
        }
        else
        {
            history.Discard(_operation);
        }

        Done();
    }

    private void Done()
    {
        _attempt = null;
        _input = null;
        Simulator.Schedule(Think(), Next);
    }

    private TimeSpan Think() => TimeSpan.FromTicks((long)(Simulator.Random.NextDouble() * settings.ThinkTime.Ticks));
}
