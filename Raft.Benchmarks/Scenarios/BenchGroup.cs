using System.Buffers.Binary;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Journals;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Scenarios;

/// <summary>
/// The run's <see cref="ActorSystem"/> and the <see cref="RaftGroup"/> under test in it, set up the same way for
/// every scenario: the journal plugins from <see cref="JournalFactory"/>, a <see cref="CountingStateMachine"/> per
/// member incarnation, and the first error logged in the system kept, so a scenario can stop with it instead of
/// measuring a broken group. The system comes first (<see cref="Create"/>), so a scenario can write a journal before
/// the group that reads it starts (<see cref="Start"/>).
/// </summary>
internal sealed class BenchGroup : IAsyncDisposable
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(30);

    private readonly GroupSettings _settings;
    private long _started;
    private RaftGroup? _group;
    private string? _failure;

    private BenchGroup(GroupSettings settings, JournalFactory journals, string clusterId)
    {
        _settings = settings;
        Journals = journals;
        ClusterId = clusterId;

        // Warnings and errors only: a member stopped on purpose leaves dead letters behind, which are not news.
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            akka.log-dead-letters-during-shutdown = off
            """);
        System = ActorSystem.Create("raft-bench", journals.Setup(config));
        System.ActorOf(FailureListener.Props(failure => Interlocked.CompareExchange(ref _failure, failure, null)), "failures");
    }

    public ActorSystem System { get; }

    public JournalFactory Journals { get; }

    public string ClusterId { get; }

    /// <exception cref="InvalidOperationException">The group has not been started.</exception>
    public RaftGroup Group => _group ?? throw new InvalidOperationException("The group has not been started.");

    public RaftGroupClient Client => Group.Client;

    /// <summary>The first error logged in the system, as "source: message"; null while the group is healthy.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>A new actor system for <paramref name="scenario"/>, with its own cluster id and empty journals.</summary>
    /// <exception cref="Raft.Actors.Persistence.RaftStorageException">The storage cannot be used; the message says why.</exception>
    public static BenchGroup Create(GroupSettings settings, string scenario)
    {
        var journals = JournalFactory.Open(settings.Journal);
        try
        {
            return new(settings, journals, $"bench-{scenario}-{DateTime.UtcNow:yyyyMMddTHHmmss}-{Random.Shared.Next(0x10000):x4}");
        }
        catch
        {
            journals.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the group of <paramref name="memberIds"/> in the system; each member incarnation gets a fresh
    /// <see cref="CountingStateMachine"/>, handed to <paramref name="started"/> when given (so a caller can read its count).
    /// </summary>
    public RaftGroup Start(IReadOnlyList<string> memberIds, SnapshotPolicy? snapshots = null, IRaftObserver? observer = null, Action<string, CountingStateMachine>? started = null, ReadMode readMode = ReadMode.ReadIndex)
    {
        var options = _settings.RaftOptions();
        options.ReadMode = readMode;
        if (snapshots is not null)
        {
            options.Snapshots = snapshots;
        }

        Volatile.Write(ref _started, Stopwatch.GetTimestamp());
        _group = RaftGroup.Start(System, new RaftGroupSettings
        {
            ClusterId = ClusterId,
            MemberIds = memberIds,
            StateMachineFactory = memberId =>
            {
                var machine = new CountingStateMachine();
                started?.Invoke(memberId, machine);
                return machine;
            },
            Options = options,
            Observer = observer,
        }.WithStorage(Journals.Storage));
        return _group;
    }

    public void ThrowIfFailed()
    {
        if (Failure is { } failure)
        {
            throw new BenchmarkFailedException($"The group logged an error: {failure}");
        }
    }

    /// <summary>Waits until some member reports itself leader; returns it and how long since the group started.</summary>
    public async Task<(ClientProtocol.RoleChanged Leader, TimeSpan After)> WaitForLeaderAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        try
        {
            await foreach (var change in Client.WatchRoleChanges(deadline.Token).ConfigureAwait(false))
            {
                ThrowIfFailed();
                if (change.Role == RaftRole.Leader)
                {
                    return (change, Stopwatch.GetElapsedTime(Volatile.Read(ref _started)));
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

    /// <summary>
    /// Stops the group (proposals in progress end with <see cref="ObjectDisposedException"/>), then the system, then
    /// releases the storage.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_group is not null)
            {
                await _group.StopAsync(StopWithin).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                await System.Terminate().WaitAsync(StopWithin).ConfigureAwait(false);
            }
            finally
            {
                Journals.Dispose();
            }
        }
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
}
