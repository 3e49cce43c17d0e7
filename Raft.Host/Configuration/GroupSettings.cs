namespace Raft.Host.Configuration;

/// <summary>The group itself, bound from section <c>Raft</c> (next to the <see cref="Raft.Actors.Peer.RaftOptions"/> bound from the same section).</summary>
public sealed class GroupSettings
{
    public string ClusterId { get; set; } = "raft";

    /// <summary>Null when not configured, so that configured ids replace the default rather than add to it.</summary>
    public string[]? MemberIds { get; set; }

    /// <summary>A <see cref="JournalKind"/> name (bound as text, so a wrong one gets a message listing the right ones).</summary>
    public string Journal { get; set; } = nameof(JournalKind.Sqlite);

    /// <summary>Where the SQLite journals live: <c>{JournalDirectory}/{ClusterId}/{member}.db</c>, relative to the working directory.</summary>
    public string JournalDirectory { get; set; } = "raft-data";

    /// <summary>The PostgreSQL database for <see cref="JournalKind.Postgres"/> (an Npgsql connection string).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>How long a proposal waits for a leader and for its result.</summary>
    public TimeSpan ProposalTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> Members => MemberIds ?? ["n1", "n2", "n3"];

    /// <summary>The journal kind <see cref="Journal"/> names, or null if it names none.</summary>
    public JournalKind? SelectedJournal => Enum.GetValues<JournalKind>()
        .Select(kind => (JournalKind?)kind)
        .FirstOrDefault(kind => string.Equals(kind.ToString(), Journal?.Trim(), StringComparison.OrdinalIgnoreCase));
}
