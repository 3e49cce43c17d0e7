namespace Raft.Actors.TestKit.Probes;

/// <summary>Where a member's journal lives: its persistence id and the plugins (null for the system's defaults).</summary>
internal sealed record JournalAddress(string PersistenceId, string? JournalPluginId, string? SnapshotPluginId);
