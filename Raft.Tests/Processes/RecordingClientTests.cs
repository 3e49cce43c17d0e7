using Raft.Actors.TestKit.Linearizability;
using Xunit.Abstractions;

namespace Raft.Tests.Processes;

/// <summary>
/// The process test's clients and check, without processes (<see cref="InMemoryEndpoint"/>): a faithful store passes,
/// and one acknowledged write lost is caught and shown.
/// </summary>
public sealed class RecordingClientTests(ITestOutputHelper output)
{
    private const int Keys = 3;

    [Fact]
    public async Task Clients_of_an_atomic_store_that_retries_lost_answers_record_a_linearizable_history()
    {
        using var stop = new CancellationTokenSource();
        var store = new InMemoryEndpoint(answers: 600, stop);
        var workload = new ProcessWorkload(Keys, drain: TimeSpan.FromSeconds(10));
        for (var client = 1; client <= 3; client++)
        {
            workload.Start($"c{client}", store);
        }

        await WhenCancelled(stop.Token);
        await workload.StopAsync();

        var result = workload.Check();
        output.WriteLine($"{result.Describe()}; {workload.Describe()}");
        Assert.True(result.IsLinearizable, result.Describe());
        Assert.True(workload.History.History().Count(o => o.IsKnown) >= 600, workload.Describe());
        Assert.Contains(workload.History.History(), o => o.Input.Kind == KvOperationKind.Delete && o.Output is { Succeeded: true });
        Assert.Contains(workload.History.History(), o => o.Input.Kind == KvOperationKind.CompareAndSet && o.Output is { Succeeded: true });
    }

    [Fact]
    public async Task A_lost_acknowledged_write_is_caught_and_the_report_shows_it_with_the_read_that_missed_it()
    {
        // One client, so the run is the same every time: the second put to k0 is acknowledged and lost, and a later operation on k0 misses it.
        using var stop = new CancellationTokenSource();
        var store = new InMemoryEndpoint(answers: 200, stop) { LoseWrite = 2 };
        var workload = new ProcessWorkload(Keys, drain: TimeSpan.FromSeconds(10));
        workload.Start("c1", store);

        await WhenCancelled(stop.Token);
        await workload.StopAsync();

        var result = workload.Check();
        output.WriteLine(result.Describe());
        Assert.False(result.IsLinearizable, "the checker missed a lost acknowledged write");
        Assert.Equal("k0", result.Key);
        Assert.Contains(result.Counterexample, o => o.Input.Kind == KvOperationKind.Put && o.IsKnown && o.Input.Value!.AsSpan().SequenceEqual(store.Lost));
        Assert.Contains(result.Counterexample, o => o.Input.Kind != KvOperationKind.Put);
        Assert.Contains($"put(k0, \"{System.Text.Encoding.ASCII.GetString(store.Lost!)}\")", result.Describe(), StringComparison.Ordinal);
    }

    private static Task WhenCancelled(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => cancelled.TrySetResult());
        return cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
