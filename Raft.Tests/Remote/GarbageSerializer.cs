using Akka.Actor;
using Akka.Serialization;
using Raft.Actors.Serialization;

namespace Raft.Tests.Remote;

/// <summary>Writes bytes <see cref="RaftSerializer"/> cannot read, under its identifier and the RequestVote manifest: a corrupt or foreign frame.</summary>
public sealed class GarbageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public override int Identifier => RaftSerializer.Id;

    public override string Manifest(object o) => "RV";

    public override byte[] ToBinary(object obj) => [RaftSerializer.FormatVersion, 0xFF, 0xFF, 0xFF];

    public override object FromBinary(byte[] bytes, string manifest) => throw new NotSupportedException("This serializer only writes.");
}
