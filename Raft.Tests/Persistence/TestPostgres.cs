namespace Raft.Tests.Persistence;

/// <summary>
/// The PostgreSQL server the tests use, named by <c>RAFT_TEST_POSTGRES</c>. Without it the PostgreSQL cases are left
/// out locally (and <see cref="PostgresFactAttribute"/> facts are reported as skipped, saying how to enable them);
/// under CI (<c>CI=true</c>) they run regardless and fail with this explanation, since <c>.ci/run</c> starts a server.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "RAFT_TEST_POSTGRES";

    public const string HowToEnable =
        $"{Variable} is not set. To run the PostgreSQL journal tests, set it to a connection string "
        + "(Host=127.0.0.1;Port=5432;Username=raft;Password=raft;Database=raft_tests), or run .ci/run, which sets up a local server.";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>Whether the PostgreSQL cases run: a server is named, or this is CI, where a missing one is a failure.</summary>
    public static bool Enabled => ConnectionString is not null || IsCi;

    public static string RequiredConnectionString => ConnectionString ?? throw new InvalidOperationException(HowToEnable);

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
