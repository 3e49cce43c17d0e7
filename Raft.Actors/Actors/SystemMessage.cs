namespace Raft.Actors.Actors;

/// <summary>Lifecycle signals that travel through the mailbox so they run on the actor's own thread.</summary>
internal sealed class SystemMessage
{
    public static readonly SystemMessage Start = new("start");
    public static readonly SystemMessage Stop = new("stop");

    private readonly string _name;

    private SystemMessage(string name) => _name = name;

    public override string ToString() => _name;
}
