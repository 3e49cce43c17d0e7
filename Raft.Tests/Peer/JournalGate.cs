using Akka.Persistence;
using Akka.Persistence.TestKit;

namespace Raft.Tests.Peer;

/// <summary>
/// A write interceptor for Akka.Persistence.TestKit's <see cref="TestJournal"/>: while closed it holds every write
/// (nothing reaches the journal, no write completes), so a test can look at a peer whose write is not yet durable,
/// then open it and let the write through.
/// </summary>
internal sealed class JournalGate : IJournalInterceptor
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _opened = Opened();
    private TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Close()
    {
        lock (_lock)
        {
            _opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Open()
    {
        lock (_lock)
        {
            _opened.TrySetResult();
        }
    }

    /// <summary>Waits until a write has reached the closed gate.</summary>
    public void AwaitHeldWrite(TimeSpan timeout)
    {
        Task holding;
        lock (_lock)
        {
            holding = _holding.Task;
        }

        Assert.True(holding.Wait(timeout), $"no journal write reached the closed gate within {timeout.TotalSeconds} s");
    }

    public Task InterceptAsync(IPersistentRepresentation message)
    {
        lock (_lock)
        {
            if (_opened.Task.IsCompleted)
            {
                return Task.CompletedTask;
            }

            _holding.TrySetResult();
            return _opened.Task;
        }
    }

    private static TaskCompletionSource Opened()
    {
        var opened = new TaskCompletionSource();
        opened.SetResult();
        return opened;
    }
}
