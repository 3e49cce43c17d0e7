using System.Net;
using System.Net.Sockets;

namespace Raft.Tests.Remote;

/// <summary>Free TCP ports on 127.0.0.1, as the operating system hands them out.</summary>
internal static class LoopbackPorts
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
