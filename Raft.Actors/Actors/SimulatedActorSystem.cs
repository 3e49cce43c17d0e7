namespace Raft.Actors.Actors;

/// <summary>
/// The deterministic runtime: every mailbox drain is a simulation event, time is virtual, and each actor's
/// random source is seeded from the simulation's. An actor that throws fails the run, naming the seed.
/// </summary>
public sealed class SimulatedActorSystem : ActorSystem
{
    public SimulatedActorSystem(Simulation simulation, string name = "sim")
        : base(name) => Simulation = simulation;

    public Simulation Simulation { get; }

    public override TimeProvider Time => Simulation.Time;

    internal override void ScheduleDrain(ActorCell cell) => Simulation.Schedule(TimeSpan.Zero, cell.Drain);

    internal override Random CreateRandom() => new(Simulation.Random.Next());

    internal override void ReportFailure(ActorCell cell, Exception exception)
    {
        base.ReportFailure(cell, exception);
        Simulation.Fail(new InvalidOperationException($"Actor {cell.Path} threw {exception.GetType().Name}: {exception.Message}", exception));
    }

    internal override void RecordDelivery(ActorCell cell, object message)
    {
        if (Simulation.IsTracing)
        {
            Simulation.Record($"{cell.Path} <- {message}");
        }
    }
}
