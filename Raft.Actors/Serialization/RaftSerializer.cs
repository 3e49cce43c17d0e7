using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Raft.Actors.Core;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;

namespace Raft.Actors.Serialization;

/// <summary>
/// Binary serializer for every Raft message and journal record that leaves an actor system or reaches a journal:
/// the journal events (<see cref="JournalOperation"/>), the storage snapshot (<see cref="JournalRecovery"/>), and
/// the messages of <see cref="RaftProtocol"/> and <see cref="ClientProtocol"/>. Each type has a short manifest that
/// never changes; each payload starts with its format version. Bound in the library's <c>raft.conf</c>
/// (<see cref="Configuration.RaftConfig"/>) under the fixed identifier <see cref="Id"/>.
/// An unknown manifest, an unknown version or malformed bytes throw a <see cref="SerializationException"/> that
/// says which manifest and what is wrong; nothing it reads can make it allocate more than the payload's size.
/// </summary>
public sealed class RaftSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The serializer's identifier, also fixed in <c>akka.actor.serialization-identifiers</c>.</summary>
    public const int Id = 7261;

    /// <summary>The format every payload is written in; its first byte.</summary>
    public const byte FormatVersion = 1;

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        JournalOperation.SaveHardState => Manifests.SaveHardState,
        JournalOperation.Append => Manifests.Append,
        JournalOperation.TruncateFrom => Manifests.TruncateFrom,
        JournalOperation.SaveSnapshot => Manifests.SaveSnapshot,
        JournalRecovery => Manifests.JournalRecovery,
        RaftProtocol.RequestVote { LeadershipTransfer: true } => Manifests.TransferRequestVote,
        RaftProtocol.RequestVote => Manifests.RequestVote,
        RaftProtocol.RequestVoteResult => Manifests.RequestVoteResult,
        RaftProtocol.AppendEntries => Manifests.AppendEntries,
        RaftProtocol.AppendEntriesResult => Manifests.AppendEntriesResult,
        RaftProtocol.InstallSnapshot => Manifests.InstallSnapshot,
        RaftProtocol.InstallSnapshotResult => Manifests.InstallSnapshotResult,
        RaftProtocol.PreVote => Manifests.PreVote,
        RaftProtocol.PreVoteResult => Manifests.PreVoteResult,
        RaftProtocol.TimeoutNow => Manifests.TimeoutNow,
        RaftProtocol.ReadHeartbeat => Manifests.ReadHeartbeat,
        RaftProtocol.ReadHeartbeatResult => Manifests.ReadHeartbeatResult,
        RaftProtocol.ReadIndexRequest => Manifests.ReadIndexRequest,
        RaftProtocol.ReadIndexResult => Manifests.ReadIndexResult,
        ClientProtocol.Propose => Manifests.Propose,
        ClientProtocol.ProposeBatch => Manifests.ProposeBatch,
        ClientProtocol.ProposalAccepted => Manifests.ProposalAccepted,
        ClientProtocol.BatchAccepted => Manifests.BatchAccepted,
        ClientProtocol.NotLeader => Manifests.NotLeader,
        ClientProtocol.ProposalApplied => Manifests.ProposalApplied,
        ClientProtocol.ProposalsApplied => Manifests.ProposalsApplied,
        ClientProtocol.ProposalFailed => Manifests.ProposalFailed,
        ClientProtocol.CommandTooLarge => Manifests.CommandTooLarge,
        ClientProtocol.GetStatus => Manifests.GetStatus,
        ClientProtocol.PeerStatus => Manifests.PeerStatus,
        ClientProtocol.RoleChanged => Manifests.RoleChanged,
        ClientProtocol.TransferLeadership => Manifests.TransferLeadership,
        ClientProtocol.LeadershipTransferResult => Manifests.LeadershipTransferResult,
        PeerMessages.SubscribeTransitions => Manifests.SubscribeTransitions,
        ClientProtocol.Read => Manifests.Read,
        ClientProtocol.ReadResult => Manifests.ReadResult,
        ClientProtocol.ReadFailed => Manifests.ReadFailed,
        _ => throw Unsupported(o),
    };

    public override byte[] ToBinary(object obj) =>
        JournalFormat.Write(obj) ?? RaftProtocolFormat.Write(obj) ?? ClientProtocolFormat.Write(obj) ?? WriteSubscription(obj) ?? throw Unsupported(obj);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (!Manifests.All.Contains(manifest))
        {
            throw new SerializationException(
                $"Raft payload manifest '{manifest}' ({bytes.Length} bytes) is unknown to this build; it reads {string.Join(", ", Manifests.All)}.");
        }

        if (manifest == Manifests.SubscribeTransitions)
        {
            return ReadSubscription(bytes);
        }

        return manifest[0] switch
        {
            Manifests.JournalFamily => JournalFormat.Read(bytes, manifest),
            Manifests.RaftFamily => RaftProtocolFormat.Read(bytes, manifest),
            _ => ClientProtocolFormat.Read(bytes, manifest), // C: the client protocol
        };
    }

    /// <summary>The subscriber travels as its full actor path (with this system's address), resolved on arrival.</summary>
    private static byte[]? WriteSubscription(object obj)
    {
        if (obj is not PeerMessages.SubscribeTransitions subscribe)
        {
            return null;
        }

        var writer = new PayloadWriter();
        writer.WriteString(Akka.Serialization.Serialization.SerializedActorPath(subscribe.Subscriber));
        return writer.ToArray();
    }

    private PeerMessages.SubscribeTransitions ReadSubscription(byte[] bytes)
    {
        var reader = new PayloadReader(bytes, Manifests.SubscribeTransitions);
        var path = reader.ReadString("Subscriber", PayloadReader.MaxTextBytes);
        reader.End();
        return new PeerMessages.SubscribeTransitions(base.system.Provider.ResolveActorRef(path));
    }

    private static ArgumentException Unsupported(object? o) =>
        new($"{nameof(RaftSerializer)} cannot serialize a {o?.GetType().FullName ?? "null"}.", nameof(o));
}
