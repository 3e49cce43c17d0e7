using Npgsql;
using Raft.Actors.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

/// <summary>
/// The PostgreSQL journal against the contract, on the server named by <c>RAFT_TEST_POSTGRES</c>; skipped without
/// it. Each test stores its rows under a cluster id of its own and deletes them afterwards.
/// </summary>
public sealed class PostgresJournalTests(ITestOutputHelper output) : JournalConformanceTests(output)
{
    private const string Member = "member-1";
    private readonly string _cluster = $"test-{Guid.NewGuid():N}";

    private static string ConnectionString =>
        PostgresFactAttribute.ConnectionString ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set; mark the test [PostgresFact].");

    [Fact]
    public void Every_conformance_case_runs_as_a_postgres_fact() => AssertEveryCaseIsDeclaredWith<PostgresFactAttribute>(typeof(PostgresJournalTests));

    [PostgresFact]
    public override void An_empty_journal_loads_as_empty() => base.An_empty_journal_loads_as_empty();

    [PostgresFact]
    public override void Appended_entries_load_back_in_order() => base.Appended_entries_load_back_in_order();

    [PostgresFact]
    public override void Truncating_removes_the_entry_and_every_one_after_it() => base.Truncating_removes_the_entry_and_every_one_after_it();

    [PostgresFact]
    public override void Entries_replace_a_truncated_suffix_in_the_same_batch() => base.Entries_replace_a_truncated_suffix_in_the_same_batch();

    [PostgresFact]
    public override void Entries_replace_a_truncated_suffix_in_a_later_batch_after_reopening() =>
        base.Entries_replace_a_truncated_suffix_in_a_later_batch_after_reopening();

    [PostgresFact]
    public override void Hard_state_round_trips_with_and_without_a_vote() => base.Hard_state_round_trips_with_and_without_a_vote();

    [PostgresFact]
    public override void A_snapshot_drops_the_entries_it_covers_and_keeps_the_rest() => base.A_snapshot_drops_the_entries_it_covers_and_keeps_the_rest();

    [PostgresFact]
    public override void A_snapshot_beyond_the_last_entry_drops_every_entry() => base.A_snapshot_beyond_the_last_entry_drops_every_entry();

    [PostgresFact]
    public override void Everything_written_survives_dispose_and_reopen() => base.Everything_written_survives_dispose_and_reopen();

    [PostgresFact]
    public override void Entries_of_one_MiB_round_trip() => base.Entries_of_one_MiB_round_trip();

    [PostgresFact]
    public override void A_hundred_thousand_entries_written_in_batches_reload_exactly() => base.A_hundred_thousand_entries_written_in_batches_reload_exactly();

    [PostgresFact]
    public override void A_batch_that_would_leave_a_gap_is_refused_whole() => base.A_batch_that_would_leave_a_gap_is_refused_whole();

    [PostgresFact]
    public void Journals_of_other_members_in_the_same_database_are_not_seen()
    {
        var mine = TestEntries.Range(1, 3, term: 1);
        using (var journal = Open())
        {
            journal.Write([new JournalOperation.SaveHardState(new HardState(2, Member)), new JournalOperation.Append(mine)]);
        }

        using (var other = new PostgresJournal(ConnectionString, _cluster, "member-2"))
        {
            JournalAssert.Recovered(HardState.Initial, null, [], other.Load());
            other.Write([new JournalOperation.Append(TestEntries.Range(1, 5, term: 7))]);
        }

        JournalAssert.Recovered(new HardState(2, Member), null, mine, Reload());
    }

    [PostgresFact]
    public void One_write_larger_than_one_insert_loads_back_whole()
    {
        var entries = TestEntries.Range(1, (2 * PostgresJournal.AppendChunkEntries) + 7, term: 1);
        using (var journal = Open())
        {
            journal.Write([new JournalOperation.Append(entries)]);
        }

        JournalAssert.Recovered(HardState.Initial, null, entries, Reload());
    }

    [PostgresFact]
    public void A_schema_version_this_build_does_not_read_is_reported_naming_the_database()
    {
        // A schema of its own, so that changing the version cannot disturb other tests using the shared tables.
        var schema = $"raft_test_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ToString();
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database!;
        Execute($"CREATE SCHEMA {schema}");
        try
        {
            using (new PostgresJournal(connectionString, _cluster, Member))
            {
            }

            foreach (var version in new[] { 99, 0 })
            {
                Execute($"UPDATE {schema}.{PostgresJournal.SchemaTable} SET version = {version}");
                var refused = Assert.Throws<JournalCorruptedException>(() => new PostgresJournal(connectionString, _cluster, Member));
                Assert.Contains($"schema version {version}", refused.Message);
                Assert.Contains(database, refused.Message);
            }
        }
        finally
        {
            Execute($"DROP SCHEMA {schema} CASCADE");
        }
    }

    protected override IRaftJournal Open() => new PostgresJournal(ConnectionString, _cluster, Member);

    protected override void Cleanup()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        // A test that failed before any journal opened may find no tables to clean.
        foreach (var table in new[] { PostgresJournal.EntriesTable, PostgresJournal.SnapshotsTable, PostgresJournal.HardStateTable })
        {
            Execute(
                $"DO $$ BEGIN IF to_regclass('{table}') IS NOT NULL THEN DELETE FROM {table} WHERE cluster_id = '{_cluster}'; END IF; END $$");
        }
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
