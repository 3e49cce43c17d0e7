using Raft.Actors.StateMachine.Sessions;
using Raft.Actors.TestKit.Linearizability;

namespace Raft.Tests.Processes;

/// <summary>A way for a <see cref="RecordingClient"/> to reach the key-value group: the actor API, the HTTP API, or a fake.</summary>
internal interface IKvEndpoint
{
    /// <summary>
    /// Runs one attempt of <paramref name="input"/>. A write carries <paramref name="stamp"/>, the same on every attempt,
    /// so the group applies it once; a get carries none. <paramref name="attempt"/> counts from 0, so an endpoint may
    /// try another member after a failure.
    /// </summary>
    Task<KvAttempt> TryAsync(KvInput input, SessionStamp? stamp, int attempt);
}
