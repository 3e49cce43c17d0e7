using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Membership;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Raft.Benchmarks.Contenders.DotNext;

/// <summary>
/// One dotNext member: a <see cref="RaftCluster"/> over TCP on loopback, its <see cref="WriteAheadLog"/> and its
/// <see cref="CommandCounter"/>, both in the member's own directory. <see cref="StopAsync"/> stops and disposes all
/// three, keeping the directory; <see cref="StartAsync"/> opens them again from it, as a restarted process would.
/// </summary>
internal sealed class DotNextMember(string id, IPEndPoint endPoint, IReadOnlyList<IPEndPoint> members, string directory, DotNextSettings settings)
{
    private Running? _running;

    public string Id { get; } = id;

    public IPEndPoint EndPoint { get; } = endPoint;

    public string Directory { get; } = directory;

    /// <summary>The running cluster node; null while stopped.</summary>
    public RaftCluster? Cluster => Volatile.Read(ref _running)?.Cluster;

    public bool IsLeader => Cluster is { } cluster && !cluster.LeadershipToken.IsCancellationRequested;

    public long Applied => Volatile.Read(ref _running)?.Counter.Count ?? 0;

    public string StateDirectory => Path.Combine(Directory, "state");

    public string LogDirectory => Path.Combine(Directory, "wal");

    /// <summary>The counter and log of this member, opened from its directory (the counter restored first, as dotNext requires).</summary>
    public async Task<(CommandCounter Counter, WriteAheadLog Log)> OpenStorageAsync(CancellationToken cancellationToken)
    {
        var counter = new CommandCounter(System.IO.Directory.CreateDirectory(StateDirectory), settings.SnapshotEvery);
        try
        {
            await counter.RestoreAsync(cancellationToken).ConfigureAwait(false);
            return (counter, new WriteAheadLog(settings.Log(LogDirectory), counter));
        }
        catch
        {
            await counter.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_running is not null)
        {
            throw new InvalidOperationException($"dotNext member {Id} is already running.");
        }

        var (counter, log) = await OpenStorageAsync(cancellationToken).ConfigureAwait(false);
        var configuration = settings.Transport(EndPoint);
        var storage = (InMemoryClusterConfigurationStorage<EndPoint>)configuration.ConfigurationStorage;
        var builder = storage.CreateInitialConfigurationBuilder();
        foreach (var member in members)
        {
            builder.Add(member);
        }

        builder.Build();
        var cluster = new RaftCluster(configuration) { AuditTrail = log };
        var running = new Running(cluster, log, counter);
        try
        {
            await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await running.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Volatile.Write(ref _running, running);
    }

    /// <summary>Stops the node and releases its log and state machine; the directory stays.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var running = Interlocked.Exchange(ref _running, null);
        if (running is null)
        {
            return;
        }

        try
        {
            await running.Cluster.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await running.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Running(RaftCluster Cluster, WriteAheadLog Log, CommandCounter Counter) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                Cluster.Dispose();
            }
            finally
            {
                try
                {
                    await Log.DisposeAsync().ConfigureAwait(false);
                }
                finally
                {
                    await Counter.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }
}
