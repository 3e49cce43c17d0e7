using Akka.Actor;
using Akka.Event;

namespace Raft.Benchmarks.Scenarios;

/// <summary>
/// Hears every error logged in the benchmark's actor system (a member that fails logs why before it stops) and
/// hands it on, so a scenario stops with it instead of measuring a broken group.
/// </summary>
internal sealed class FailureListener : ReceiveActor
{
    public FailureListener(Action<string> failed)
    {
        Receive<Error>(error => failed($"{error.LogSource}: {error.Message}{(error.Cause is { } cause ? $" ({cause.GetType().Name}: {cause.Message})" : "")}"));
    }

    public static Props Props(Action<string> failed) => Akka.Actor.Props.Create(() => new FailureListener(failed));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(Error));
}
