using Raft.Actors.Protocol;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>Stands in for a client that sent one read: records what the member answered.</summary>
public sealed class ReadTracker(string memberId) : ISimulatedClient
{
    /// <summary>The member the read was sent to.</summary>
    public string MemberId { get; } = memberId;

    public ClientProtocol.ReadResult? Result { get; private set; }

    public ClientProtocol.ReadFailed? Failed { get; private set; }

    public bool Answered => Result is not null || Failed is not null;

    public void Receive(object message)
    {
        if (Answered)
        {
            throw new InvalidOperationException($"A read sent to '{MemberId}' was answered twice: {message} after {(object?)Result ?? Failed}.");
        }

        switch (message)
        {
            case ClientProtocol.ReadResult result:
                Result = result;
                break;
            case ClientProtocol.ReadFailed failed:
                Failed = failed;
                break;
            default:
                throw new InvalidOperationException($"The client of one read to '{MemberId}' was sent {message}.");
        }
    }
}
