namespace Raft.Host.Configuration;

/// <summary>Where members keep their Raft state (<c>Raft:Journal</c>). Each kind is turned into journals in <see cref="Journals.FactoryFor(JournalKind, GroupSettings)"/>, and only there.</summary>
public enum JournalKind
{
    /// <summary>In memory: survives a member's stop and restart inside the process, not the process itself.</summary>
    InMemory,
}
