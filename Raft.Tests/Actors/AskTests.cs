using Raft.Actors.Actors;

namespace Raft.Tests.Actors;

public sealed class AskTests
{
    [Fact]
    public async Task Ask_completes_with_the_first_reply()
    {
        using var system = new ThreadPoolActorSystem("ask");
        var echo = system.ActorOf(() => new Echo(), "echo");

        var reply = await echo.Ask<string>("hello", TimeSpan.FromSeconds(5));

        Assert.Equal("hello", reply);
    }

    [Fact]
    public async Task Ask_with_a_predicate_skips_replies_it_does_not_accept()
    {
        using var system = new ThreadPoolActorSystem("ask");
        var echo = system.ActorOf(() => new Echo(), "echo");

        var reply = await echo.Ask(new object[] { "first", "second" }, m => m is string { Length: 6 }, TimeSpan.FromSeconds(5));

        Assert.Equal("second", reply);
    }

    [Fact]
    public async Task Ask_times_out_naming_the_target_and_the_message_type()
    {
        using var system = new ThreadPoolActorSystem("ask");
        var silent = system.ActorOf(() => new Silent(), "silent");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => silent.Ask(42, TimeSpan.FromMilliseconds(20)));

        Assert.Contains("/silent", error.Message);
        Assert.Contains(nameof(Int32), error.Message);
    }

    [Fact]
    public async Task Ask_is_cancelled_by_its_token()
    {
        using var system = new ThreadPoolActorSystem("ask");
        var silent = system.ActorOf(() => new Silent(), "silent");
        using var cancel = new CancellationTokenSource();

        var asking = silent.Ask(42, Timeout.InfiniteTimeSpan, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asking);
    }

    [Fact]
    public async Task Typed_ask_names_the_unexpected_reply_type()
    {
        using var system = new ThreadPoolActorSystem("ask");
        var echo = system.ActorOf(() => new Echo(), "echo");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => echo.Ask<int>("text", TimeSpan.FromSeconds(5)));

        Assert.Contains(nameof(String), error.Message);
        Assert.Contains(nameof(Int32), error.Message);
    }

    /// <summary>Answers a message with itself, and an array with each of its elements in turn.</summary>
    private sealed class Echo : ActorBase
    {
        protected override void Receive(object message)
        {
            foreach (var reply in message is object[] many ? many : [message])
            {
                Sender?.Tell(reply, Self);
            }
        }
    }

    private sealed class Silent : ActorBase
    {
        protected override void Receive(object message)
        {
        }
    }
}
