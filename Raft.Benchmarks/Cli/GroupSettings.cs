using Raft.Actors.Core;
using Raft.Benchmarks.Journals;

namespace Raft.Benchmarks.Cli;

/// <summary>The options every scenario shares: the journal and the Raft timing.</summary>
internal sealed record GroupSettings(JournalOptions Journal, TimeSpan ElectionTimeout, TimeSpan HeartbeatInterval)
{
    public static readonly TimeSpan DefaultElectionTimeout = TimeSpan.FromMilliseconds(150);

    public static GroupSettings Read(BenchArgs args)
    {
        var journal = JournalFactory.Read(args);
        var electionTimeout = args.Duration("election-timeout-ms", DefaultElectionTimeout, TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(1));

        // By default the heartbeat is a third of the election timeout: 50 ms for 150 ms, the library's defaults.
        var heartbeat = args.Duration("heartbeat-ms", TimeSpan.FromTicks(electionTimeout.Ticks / 3), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));
        var settings = new GroupSettings(journal, electionTimeout, heartbeat);
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

    private string SqliteFiles => Journal.Kind != JournalKind.Sqlite ? "" : Journal.SharedSqliteFile ? ", sqlite-files=shared" : ", sqlite-files=per-member";

    public override string ToString() =>
        $"journal={JournalFactory.Name(Journal.Kind)}{SqliteFiles}, election-timeout={ElectionTimeout.TotalMilliseconds:0.#}-{(ElectionTimeout * 2).TotalMilliseconds:0.#}ms, heartbeat={HeartbeatInterval.TotalMilliseconds:0.#}ms";
}
