using Akka.Actor;
using Akka.TestKit;
using Raft.Actors.Core;
using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Raft.Actors.Protocol;
using Raft.Actors.StateMachine;

namespace Raft.Tests.Persistence;

/// <summary>
/// A Raft group of one member on a storage: it elects itself, so every proposal commits as soon as it is durable
/// in its own journal, which makes it the shortest path from a proposal to the journal and back.
/// </summary>
internal static class SingleMemberGroup
{
    public const string MemberId = "solo";

    public static RaftPeerSettings Settings(string clusterId, RaftStorage storage, Func<IStateMachine> stateMachine, long snapshotEveryEntries = 0) => new()
    {
        ClusterId = clusterId,
        MemberId = MemberId,
        Peers = new Dictionary<string, ActorPath>(),
        StateMachine = stateMachine,
        Options = new RaftOptions { Snapshots = new SnapshotPolicy { EveryEntries = snapshotEveryEntries, EveryBytes = 0 } },
        JournalPluginId = storage.JournalPluginId,
        SnapshotPluginId = storage.SnapshotPluginId,
        RandomSeed = 7,
    };

    /// <summary>Starts the peer and waits until it leads; returns it and its term.</summary>
    public static (IActorRef Peer, long Term) StartLeader(TestKitBase kit, RaftPeerSettings settings, TimeSpan patience)
    {
        var peer = kit.Sys.ActorOf(RaftPeer.Props(settings), settings.MemberId);
        var probe = kit.CreateTestProbe();
        peer.Tell(new PeerMessages.SubscribeTransitions(probe.Ref));
        var leading = probe.FishForMessage<ClientProtocol.RoleChanged>(r => r.Role == RaftRole.Leader, patience);
        return (peer, leading.Term);
    }

    /// <summary>
    /// Proposes <paramref name="count"/> commands in batches of <paramref name="batchSize"/>, a few batches in flight,
    /// and returns once all are applied; <paramref name="onProgress"/> sees the applied count after each answer.
    /// </summary>
    public static void ProposeAndAwaitApplied(
        TestKitBase kit, IActorRef peer, long count, int batchSize, Func<long, byte[]> command, TimeSpan patience, Action<long>? onProgress = null)
    {
        const int BatchesInFlight = 4;
        var probe = kit.CreateTestProbe();
        long sent = 0, applied = 0;
        while (applied < count)
        {
            while (sent < count && sent - applied < (long)BatchesInFlight * batchSize)
            {
                var size = (int)Math.Min(batchSize, count - sent);
                var commands = new byte[size][];
                for (var i = 0; i < size; i++)
                {
                    commands[i] = command(sent + i);
                }

                peer.Tell(new ClientProtocol.ProposeBatch(commands), probe.Ref);
                sent += size;
            }

            switch (probe.ExpectMsg<object>(patience))
            {
                case ClientProtocol.BatchAccepted:
                    break;
                case ClientProtocol.ProposalApplied:
                    applied++;
                    onProgress?.Invoke(applied);
                    break;
                case ClientProtocol.ProposalsApplied results:
                    applied += results.Results.Length;
                    onProgress?.Invoke(applied);
                    break;
                case var other:
                    throw new Xunit.Sdk.XunitException($"Proposing to {peer.Path} after {applied} of {count} applied: unexpected answer {other}");
            }
        }
    }

    public static ClientProtocol.PeerStatus Status(TestKitBase kit, IActorRef peer, TimeSpan patience)
    {
        var probe = kit.CreateTestProbe();
        peer.Tell(ClientProtocol.GetStatus.Instance, probe.Ref);
        return probe.ExpectMsg<ClientProtocol.PeerStatus>(patience);
    }

    /// <summary>Stops the peer and waits until it has stopped, so the next incarnation never overlaps it.</summary>
    public static void Stop(TestKitBase kit, IActorRef peer, TimeSpan patience)
    {
        var probe = kit.CreateTestProbe();
        probe.Watch(peer);
        kit.Sys.Stop(peer);
        probe.ExpectTerminated(peer, patience);
    }

    /// <summary>A 100-byte command that encodes its number.</summary>
    public static byte[] Command(long number)
    {
        var command = new byte[100];
        BitConverter.TryWriteBytes(command, number);
        for (var i = 8; i < command.Length; i++)
        {
            command[i] = (byte)(number * 31 + i);
        }

        return command;
    }
}
