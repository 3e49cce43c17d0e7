namespace Raft.Actors.Actors;

/// <summary>What a timer actually enqueues: the user's message tagged with the timer's name and generation.</summary>
internal sealed record TimerMessage(string Name, long Generation, object Message);
