using System.Net;
using System.Net.Sockets;

namespace Raft.Actors.TestKit.Remote;

/// <summary>
/// Free TCP ports on 127.0.0.1, as the operating system hands them out: for tests and benchmarks that start members
/// (actor systems, processes) on loopback addresses fixed before they start. A port is free when drawn; whoever binds it
/// moments later can still lose it to another process, which a loaded CI machine makes rare, not impossible.
/// </summary>
public static class LoopbackPorts
{
    public static int[] Take(int count)
    {
        // All listeners stay open until every port is drawn, so no two draws give the same port.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
