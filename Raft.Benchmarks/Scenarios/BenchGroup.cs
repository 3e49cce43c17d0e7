using System.Buffers.Binary;
using System.Diagnostics;
using Raft.Actors.Embedding;
using Raft.Actors.Messages;
using Raft.Actors.Peer;
using Raft.Actors.StateMachine;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Journals;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Scenarios;

/// <summary>
/// An <see cref="EmbeddedRaftGroup"/> on the real thread-pool runtime, set up the same way for every scenario:
/// journals from the run's <see cref="JournalFactory"/>, a <see cref="CountingStateMachine"/> per member incarnation,
/// and the first actor failure kept so a scenario can stop with it instead of measuring a broken group.
/// </summary>
internal sealed class BenchGroup : IAsyncDisposable
{
    private readonly Stopwatch _started = Stopwatch.StartNew();
    private string? _failure;

    private BenchGroup(EmbeddedRaftGroup group) => Group = group;

    public EmbeddedRaftGroup Group { get; }

    /// <summary>The first actor failure, as "path: message"; null while the group is healthy.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    public static BenchGroup Start(
        GroupSettings settings,
        JournalFactory journals,
        IReadOnlyList<string> memberIds,
        SnapshotPolicy? snapshots = null,
        IRaftObserver? observer = null)
    {
        var raftOptions = settings.RaftOptions();
        if (snapshots is not null)
        {
            raftOptions.Snapshots = snapshots;
        }

        var group = EmbeddedRaftGroup.Start(new EmbeddedGroupOptions
        {
            ClusterId = journals.ClusterId,
            MemberIds = memberIds,
            RaftOptions = raftOptions,
            StateMachineFactory = _ => new CountingStateMachine(),
            JournalFactory = journals.Open,
            Observer = observer,
        });
        var bench = new BenchGroup(group);
        group.ActorFailed += bench.OnActorFailed;
        return bench;
    }

    public void ThrowIfFailed()
    {
        if (Failure is { } failure)
        {
            throw new BenchmarkFailedException($"An actor of the group failed: {failure}");
        }
    }

    /// <summary>Waits until some member reports itself leader; returns it and how long since the group started.</summary>
    public async Task<(ClientProtocol.RoleChanged Leader, TimeSpan After)> WaitForLeaderAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        try
        {
            await foreach (var change in Group.WatchRoleChanges(deadline.Token).ConfigureAwait(false))
            {
                ThrowIfFailed();
                if (change.Role == RaftRole.Leader)
                {
                    return (change, _started.Elapsed);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        ThrowIfFailed();
        cancellationToken.ThrowIfCancellationRequested();
        throw new BenchmarkFailedException($"No leader was elected within {Format.Ms(within)} of starting the group.");
    }

    public async ValueTask DisposeAsync()
    {
        Group.ActorFailed -= OnActorFailed;
        await Group.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// A command of <paramref name="size"/> bytes: the proposer and its sequence number first (so commands differ),
    /// then filler. Allocated per proposal, as a real client would.
    /// </summary>
    public static byte[] Command(int size, int proposer, long sequence)
    {
        var command = new byte[size];
        var span = command.AsSpan();
        if (span.Length >= 12)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span, proposer);
            BinaryPrimitives.WriteInt64LittleEndian(span[4..], sequence);
            span[12..].Fill(0x5A);
        }
        else
        {
            span.Fill(0x5A);
        }

        return command;
    }

    /// <summary>A cluster id no earlier run used, so PostgreSQL runs start from empty journals too.</summary>
    public static string NewClusterId(string scenario) =>
        $"bench-{scenario}-{DateTime.UtcNow:yyyyMMddTHHmmss}-{Random.Shared.Next(0x10000):x4}";

    private void OnActorFailed(string path, Exception error) =>
        Interlocked.CompareExchange(ref _failure, $"{path}: {error.GetType().Name}: {error.Message}", null);
}
