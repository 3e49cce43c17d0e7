using Raft.Actors.Actors;
using Raft.Actors.Testing;

namespace Raft.Tests.Actors;

public sealed class OwnThreadTests
{
    [Fact]
    public void An_actor_that_blocks_on_io_runs_on_its_own_thread_and_others_on_the_pool()
    {
        using var system = new ThreadPoolActorSystem();
        var probe = new TestProbe(system);
        var blocking = system.ActorOf(() => new ThreadReporter(ownThread: true), "blocking");
        var ordinary = system.ActorOf(() => new ThreadReporter(ownThread: false), "ordinary");

        for (var i = 0; i < 3; i++)
        {
            probe.Send(blocking, "where");
            var first = probe.ExpectMsg<ThreadReport>();
            Assert.False(first.IsPoolThread, "an actor that asked for its own thread ran on the thread pool");
            Assert.Equal("actor /blocking", first.Name);
        }

        probe.Send(ordinary, "where");
        Assert.True(probe.ExpectMsg<ThreadReport>().IsPoolThread, "an ordinary actor did not run on the thread pool");
    }

    private sealed record ThreadReport(bool IsPoolThread, string? Name);

    private sealed class ThreadReporter(bool ownThread) : ActorBase
    {
        protected internal override bool NeedsOwnThread => ownThread;

        protected override void Receive(object message) =>
            Sender?.Tell(new ThreadReport(Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name), Self);
    }
}
