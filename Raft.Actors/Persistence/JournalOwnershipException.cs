namespace Raft.Actors.Persistence;

/// <summary>A journal was opened for a cluster or member other than the one that wrote it.</summary>
public sealed class JournalOwnershipException(string location, string expectedCluster, string expectedMember, string foundCluster, string foundMember)
    : Exception($"Journal {location} belongs to member '{foundMember}' of cluster '{foundCluster}', not to member '{expectedMember}' of cluster '{expectedCluster}'.")
{
    public string Location { get; } = location;
}
