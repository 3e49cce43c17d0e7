using Raft.Actors.Peer;
using Raft.Benchmarks.Journals;

namespace Raft.Benchmarks.Cli;

/// <summary>The options every scenario shares: the journal and the Raft timing.</summary>
internal sealed record GroupSettings(JournalSettings Journal, TimeSpan ElectionTimeout, TimeSpan HeartbeatInterval)
{
    public static readonly TimeSpan DefaultElectionTimeout = TimeSpan.FromMilliseconds(150);

    public static GroupSettings Read(BenchArgs args)
    {
        var kindName = args.Choice("journal", "inmemory", "inmemory", "sqlite", "postgres");
        var kind = kindName switch
        {
            "sqlite" => JournalKind.Sqlite,
            "postgres" => JournalKind.Postgres,
            _ => JournalKind.InMemory,
        };
        var dataDirectory = args.String("data-dir");
        var postgres = args.String("postgres");
        var keep = args.Flag("keep-data");
        if (kind == JournalKind.Postgres && string.IsNullOrWhiteSpace(postgres))
        {
            args.Problem("--journal postgres needs --postgres \"<connection string>\" (use a scratch database: each run writes under its own cluster id and leaves its rows).");
        }

        if (dataDirectory is not null && kind != JournalKind.Sqlite)
        {
            args.Problem("--data-dir applies to --journal sqlite only.");
        }

        if (postgres is not null && kind != JournalKind.Postgres)
        {
            args.Problem("--postgres applies to --journal postgres only.");
        }

        var electionTimeout = args.Duration("election-timeout-ms", DefaultElectionTimeout, TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(1));

        // By default the heartbeat is a third of the election timeout: 50 ms for 150 ms, the library's defaults.
        var heartbeat = args.Duration("heartbeat-ms", TimeSpan.FromTicks(electionTimeout.Ticks / 3), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));
        var settings = new GroupSettings(new JournalSettings(kind, dataDirectory, postgres, keep), electionTimeout, heartbeat);
        foreach (var problem in settings.RaftOptions().Problems())
        {
            args.Problem($"With --election-timeout-ms {electionTimeout.TotalMilliseconds} and --heartbeat-ms {heartbeat.TotalMilliseconds}: {problem}");
        }

        return settings;
    }

    /// <summary>
    /// The library's defaults except the timing: election timeouts drawn from [t, 2t) for <c>--election-timeout-ms t</c>
    /// (the library's default range is [150, 300) ms), and the heartbeat interval.
    /// </summary>
    public RaftOptions RaftOptions() => new()
    {
        ElectionTimeoutMin = ElectionTimeout,
        ElectionTimeoutMax = ElectionTimeout * 2,
        HeartbeatInterval = HeartbeatInterval,
    };

    public override string ToString() =>
        $"journal={Journal}, election-timeout={ElectionTimeout.TotalMilliseconds:0.#}-{(ElectionTimeout * 2).TotalMilliseconds:0.#}ms, heartbeat={HeartbeatInterval.TotalMilliseconds:0.#}ms";
}
