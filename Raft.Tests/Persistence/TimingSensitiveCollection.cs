namespace Raft.Tests.Persistence;

/// <summary>Tests that measure time run in this collection, alone, so the rest of the suite does not compete for the CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing sensitive";
}
