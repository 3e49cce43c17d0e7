namespace Raft.Tests.Persistence;

/// <summary>
/// A fact that needs the PostgreSQL server of <see cref="TestPostgres"/>. Skipped (saying how to enable it) when
/// none is named, except under CI, where it runs and fails: xunit 2 cannot skip at run time, so the decision is
/// made when tests are found.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestPostgres.Enabled)
        {
            Skip = TestPostgres.HowToEnable;
        }
    }
}
