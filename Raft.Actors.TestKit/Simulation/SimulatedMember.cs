using Raft.Actors.Core;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;
using Raft.Actors.StateMachine;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>
/// One incarnation of a member in a simulation: it hosts a <see cref="RaftNode"/> and carries out its effects as the
/// peer actor (<see cref="RaftPeer"/>) does, with simulation events in place of Akka's machinery: sends go through the
/// <see cref="SimulatedNetwork"/>, writes reach the <see cref="SimulatedJournal"/> after a virtual sync delay, committed
/// entries are applied by an applier that runs as its own events, timers are events that a restart or a cancel makes
/// stale. Inputs are handled one at a time; after each, a flush follows at the same virtual time if the node has work
/// pending, as the actor's message to itself does. A crash (<see cref="Stop"/>) ends the incarnation: its outstanding
/// write, its timers and its applier's queue are lost; the journal keeps what was durable. Anything that throws while
/// it handles an input fails the run with a <see cref="RaftMemberFailedException"/> naming the member.
/// </summary>
public sealed partial class SimulatedMember
{
    private readonly Simulator _simulator;
    private readonly SimulatedNetwork _network;
    private readonly SimulatedJournal _journal;
    private readonly StateMachineDriver _driver;
    private readonly ProposalWaiters<ISimulatedClient> _waiters = new();
    private readonly List<ISimulatedClient> _transferWaiters = [];
    private readonly TimeSpan _syncDelay;
    private readonly int _maxCommandBytes;
    private readonly RaftNode _node;
    private bool _flushScheduled;
    private bool _stopped;

    internal SimulatedMember(
        string memberId,
        IReadOnlyCollection<string> peers,
        RaftOptions options,
        IStateMachine stateMachine,
        SimulatedJournal journal,
        Simulator simulator,
        SimulatedNetwork network,
        TimeSpan syncDelay,
        IRaftObserver? observer)
    {
        _simulator = simulator;
        _network = network;
        _journal = journal;
        _syncDelay = syncDelay;
        _maxCommandBytes = options.MaxCommandBytes;
        StateMachine = stateMachine;
        _driver = new StateMachineDriver(memberId, stateMachine, options.Snapshots, observer);
        _node = new RaftNode(memberId, peers, options, new Random(simulator.Random.Next()), journal.Load(), observer);
    }

    public string MemberId => _node.MemberId;

    /// <summary>The node, for reading its state (tests, safety checks); drive it only through this member.</summary>
    public RaftNode Node => _node;

    public IStateMachine StateMachine { get; }

    /// <summary>The last index the state machine applied (or restored).</summary>
    public long StateMachineApplied => _driver.LastApplied;

    public ClientProtocol.PeerStatus Status => _node.Status;

    public bool IsStopped => _stopped;

    /// <summary>Recovers from the journal (done at construction), hands a recovered snapshot to the state machine and starts following.</summary>
    internal void Start()
    {
        Receive(RecoveryCompleted.Instance);
        _network.Register(MemberId, Receive);
    }

    /// <summary>The member's process dies now. Waiting proposers hear that it stopped, as from the actor's PostStop.</summary>
    internal void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _network.Register(MemberId, null);
        foreach (var (index, client) in _waiters.TakeAll())
        {
            client.Receive(new ClientProtocol.ProposalFailed(index, 0, ClientProtocol.ProposalFailureReason.Stopped, $"member '{MemberId}' stopped before the outcome was known"));
        }

        FailPendingReads();
    }

    /// <summary>A client proposes one command; it arrives as the member's next input at this virtual time.</summary>
    internal void Propose(ISimulatedClient client, byte[] command) => Schedule(new Proposal(client, [command], Batch: false));

    /// <summary>A client proposes several commands in one message (<see cref="ClientProtocol.ProposeBatch"/>).</summary>
    internal void ProposeBatch(ISimulatedClient client, byte[][] commands) => Schedule(new Proposal(client, commands, Batch: true));

    /// <summary>A client asks for leadership to go to <paramref name="target"/> (<see cref="ClientProtocol.TransferLeadership"/>).</summary>
    internal void TransferLeadership(ISimulatedClient client, string target) => Schedule(new TransferRequest(client, target));

    /// <summary>Asks the state machine for a snapshot now, whatever the policy says (<see cref="PeerMessages.TakeSnapshot"/>).</summary>
    internal void TakeSnapshot() => _simulator.Schedule(TimeSpan.Zero, () => RunApplier(TakeSnapshotNow.Instance));

    private void Schedule(object input) => _simulator.Schedule(TimeSpan.Zero, () => Receive(input));

    /// <summary>
    /// Every input of the node goes through here, one at a time, and its effects are carried out after it; anything
    /// that throws fails the run, naming this member.
    /// </summary>
    private void Receive(object input)
    {
        if (_stopped)
        {
            return;
        }

        if (_simulator.IsTracing)
        {
            _simulator.Record($"{MemberId} <- {input}");
        }

        try
        {
            Handle(input);
            Carry();
        }
        catch (Exception ex) when (ex is not RaftMemberFailedException)
        {
            throw Failed(ex);
        }
    }

    private void Handle(object input)
    {
        switch (input)
        {
            case RecoveryCompleted:
                _node.Start();
                break;
            case Flush:
                _flushScheduled = false;
                _node.Flush();
                break;
            case Persisted persisted:
                _node.Persisted(persisted.Sequence);
                break;
            case Applied applied:
                _node.Applied(applied.Index);
                break;
            case SnapshotTaken taken:
                _node.SnapshotTaken(taken.Snapshot.LastIncludedIndex, taken.Snapshot.LastIncludedTerm, taken.Snapshot.Data);
                break;
            case Proposal proposal:
                OnProposal(proposal);
                break;
            case TransferRequest transfer:
                if (_node.TransferLeadership(transfer.Target) is { } answer)
                {
                    transfer.Client.Receive(answer);
                }
                else
                {
                    _transferWaiters.Add(transfer.Client);
                }

                break;
            case ReadInput read:
                OnRead(read);
                break;
            default:
                // Protocol messages from other members and timers that fired.
                _node.Step(input);
                break;
        }
    }

    private void OnProposal(Proposal proposal)
    {
        var result = _node.Propose(proposal.Commands);
        if (result.TooLarge)
        {
            var position = result.TooLargeAt;
            proposal.Client.Receive(new ClientProtocol.CommandTooLarge(MemberId, position, proposal.Commands[position].Length, _maxCommandBytes));
            return;
        }

        if (!result.Accepted)
        {
            proposal.Client.Receive(new ClientProtocol.NotLeader(MemberId, result.LeaderId));
            return;
        }

        _waiters.Add(result.FirstIndex, proposal.Commands.Length, proposal.Client);
        proposal.Client.Receive(proposal.Batch
            ? new ClientProtocol.BatchAccepted(result.FirstIndex, result.Term, proposal.Commands.Length)
            : new ClientProtocol.ProposalAccepted(result.FirstIndex, result.Term));
    }

    private RaftMemberFailedException Failed(Exception ex) => new(MemberId, $"{ex.GetType().Name}: {ex.Message}", ex);
}
