using Raft.Actors.Persistence;

namespace Raft.Host.Configuration;

/// <summary>The one place a <see cref="JournalKind"/> becomes journals: a new kind is a new enum value and a new case here.</summary>
internal static class Journals
{
    /// <summary>Opens a member's journal; called once per member for the life of the group.</summary>
    public static Func<string, IRaftJournal> FactoryFor(JournalKind kind, GroupSettings group) => kind switch
    {
        JournalKind.Sqlite => memberId => SqliteJournal.OpenInDirectory(group.JournalDirectory, group.ClusterId, memberId),
        JournalKind.Postgres => memberId => new PostgresJournal(group.PostgresConnectionString!, group.ClusterId, memberId),
        JournalKind.InMemory => memberId => new InMemoryJournal($"memory:{group.ClusterId}/{memberId}"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"No journal factory for {kind}: add its case here."),
    };
}
