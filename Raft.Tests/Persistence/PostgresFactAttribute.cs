namespace Raft.Tests.Persistence;

/// <summary>
/// A fact that needs the PostgreSQL server named by <c>RAFT_TEST_POSTGRES</c>. Without it the test is reported as
/// skipped, saying how to enable it: xunit 2 cannot skip at run time, so the decision is made when tests are found.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "RAFT_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null)
        {
            Skip = $"{Variable} is not set. To run the PostgreSQL journal tests, set it to a connection string "
                + "(Host=127.0.0.1;Port=5432;Username=raft;Password=raft;Database=raft_tests), or run .ci/run, which sets up a local server.";
        }
    }

    /// <summary>The connection string of the test database, or null when the tests are not enabled.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is var value && !string.IsNullOrWhiteSpace(value) ? value : null;
}
