using Microsoft.Extensions.Logging;
using Raft.Actors.Cluster;
using Raft.Actors.KeyValue;
using Raft.Actors.StateMachine.Sessions;

namespace Raft.Host.Modes;

/// <summary>
/// A few key-value commands through a <see cref="KeyValueClient"/> (writes in its session, so a retried one applies
/// once), each logged with its index and result; then a counter set ten times a second, so replication keeps moving
/// until the host stops.
/// </summary>
internal sealed class DemoWorkload(KeyValueClient client, ILogger<DemoWorkload> logger)
{
    private static readonly KeyValueCommand[] Commands =
    [
        KeyValueCommand.Set("greeting", "hello"),
        KeyValueCommand.Set("counter", "1"),
        KeyValueCommand.Set("colour", "blue"),
        KeyValueCommand.Get("greeting"),
        KeyValueCommand.CompareAndSet("counter", "1", "2"),
        KeyValueCommand.CompareAndSet("counter", "1", "3"),
        KeyValueCommand.Delete("colour"),
        KeyValueCommand.Get("colour"),
    ];

    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(100);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var command in Commands)
        {
            if (await TryProposeAsync(command, cancellationToken) is { } applied)
            {
                Log.CommandApplied(logger, applied.Index, applied.Term, command.ToString(), applied.Result.ToString());
            }
        }

        Log.DemoDone(logger, TickInterval.TotalMilliseconds);
        using var ticks = new PeriodicTimer(TickInterval);
        for (var tick = 1L; await ticks.WaitForNextTickAsync(cancellationToken); tick++)
        {
            await TryProposeAsync(KeyValueCommand.Set("ticks", tick.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
        }
    }

    private async Task<KeyValueReply?> TryProposeAsync(KeyValueCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await client.ExecuteAsync(command, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is SessionRejectedException or TimeoutException)
        {
            // The demo goes on: a later command may well find the next leader.
            Log.CommandFailed(logger, command.ToString(), ex.Message);
            return null;
        }
    }
}
