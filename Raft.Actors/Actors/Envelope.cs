namespace Raft.Actors.Actors;

/// <summary>A message on its way to an actor, with the sender it was told from.</summary>
public readonly record struct Envelope(object Message, IActorRef? Sender);
