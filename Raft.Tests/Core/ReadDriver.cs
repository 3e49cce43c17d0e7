using Raft.Actors.Core;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>Reads on a <see cref="NodeDriver"/>: a leader of term 1 whose no-op (index 1) is committed, and reads then flushed.</summary>
internal static class ReadDriver
{
    /// <summary>n1 leads term 1 and has committed its no-op at index 1 with the fewest followers (n2 of three); the rest have not answered.</summary>
    public static NodeDriver CommittedLeader(RaftOptions? options = null, int members = 3)
    {
        var driver = NodeDriver.Start(members: members, options: options);
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();
        foreach (var peer in driver.Peers.TakeWhile(_ => driver.Node.CommitIndex == 0))
        {
            driver.Accept(peer, NodeDriver.SentTo<AppendEntries>(elected, peer));
        }

        Assert.Equal(1, driver.Node.CommitIndex);
        return driver;
    }

    /// <summary>Reads <paramref name="readIds"/> in one burst at the host's time <paramref name="atMs"/>, then flushes.</summary>
    public static List<RaftEffect> ReadAt(this NodeDriver driver, double atMs, params long[] readIds)
    {
        foreach (var readId in readIds)
        {
            driver.Node.Read(readId, TimeSpan.FromMilliseconds(atMs));
        }

        return driver.Flush();
    }

    public static List<RaftEffect> Read(this NodeDriver driver, params long[] readIds) => driver.ReadAt(0, readIds);

    /// <summary>The read heartbeats among <paramref name="effects"/>, printed.</summary>
    public static string[] ReadHeartbeats(IEnumerable<RaftEffect> effects) =>
        effects.OfType<RaftEffect.Send>().Where(s => s.Message is ReadHeartbeat).Select(EffectText.Line).ToArray();
}
