using Akka.Actor;
using Raft.Actors.Core;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;
using Raft.Benchmarks.Reporting;
using Raft.Benchmarks.Scenarios;

namespace Raft.Benchmarks.Journals;

/// <summary>
/// Writes a member's journal before the member starts, as the member itself would have written it: one
/// <see cref="JournalOperation.SaveHardState"/> (term 1, voted for itself), then <see cref="JournalOperation.Append"/>
/// events of <c>batch</c> entries each, one write at a time as group commit writes them, with no snapshot. Used by
/// the <c>restart</c> scenario and by our contender's recovery workload in <c>compare</c>.
/// </summary>
internal static class JournalPopulator
{
    private static readonly TimeSpan LongWait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Writes <paramref name="entries"/> commands of <paramref name="commandBytes"/> bytes into the journal of
    /// <paramref name="memberId"/> (<see cref="RaftPeerSettings.PersistenceIdOf"/>), reporting the last index written
    /// after each batch. Returns false if interrupted first.
    /// </summary>
    public static async Task<bool> WriteAsync(
        BenchGroup bench, string memberId, long entries, int commandBytes, int batch, Action<long> written, CancellationToken interrupted)
    {
        var persistenceId = RaftPeerSettings.PersistenceIdOf(bench.ClusterId, memberId);
        var writer = bench.System.ActorOf(JournalWriter.Props(persistenceId, bench.Journals.Storage.JournalPluginIdFor(memberId)), "journal-writer");
        try
        {
            // Term 1, voted for itself: what a member that led term 1 alone would hold.
            await Write(writer, new JournalOperation.SaveHardState(new HardState(1, memberId)), interrupted).ConfigureAwait(false);
            for (long index = 1; index <= entries; index += batch)
            {
                if (interrupted.IsCancellationRequested)
                {
                    return false;
                }

                var count = (int)Math.Min(batch, entries - index + 1);
                var appended = new LogEntry[count];
                for (var i = 0; i < count; i++)
                {
                    appended[i] = new LogEntry(index + i, 1, EntryKind.Command, BenchGroup.Command(commandBytes, 0, index + i));
                }

                await Write(writer, new JournalOperation.Append(appended), interrupted).ConfigureAwait(false);
                written(index + count - 1);
            }
        }
        finally
        {
            // The member must not start while another actor can still write its journal.
            await writer.GracefulStop(LongWait).ConfigureAwait(false);
        }

        return true;
    }

    private static async Task Write(IActorRef writer, JournalOperation operation, CancellationToken interrupted)
    {
        try
        {
            await writer.Ask<JournalWriter.Written>(new JournalWriter.Write([operation]), LongWait, interrupted).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new BenchmarkFailedException($"The journal did not confirm a write within {Format.Ms(LongWait)}.");
        }
    }
}
