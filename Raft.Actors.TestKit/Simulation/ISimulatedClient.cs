namespace Raft.Actors.TestKit.Simulation;

/// <summary>A client of a simulated member: it receives the <see cref="Protocol.ClientProtocol"/> answers to its proposals.</summary>
public interface ISimulatedClient
{
    void Receive(object message);
}
