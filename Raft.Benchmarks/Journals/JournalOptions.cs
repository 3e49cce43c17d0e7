namespace Raft.Benchmarks.Journals;

/// <summary>
/// The storage the command line chose (<c>--journal</c>, <c>--data-dir</c>, <c>--keep-data</c>, <c>--sqlite-files</c>, <c>--postgres</c>).
/// <see cref="DataDirectory"/> null means a fresh temporary directory; <see cref="KeepData"/> keeps that one.
/// <see cref="SharedSqliteFile"/>: one SQLite file for the members (<c>--sqlite-files shared</c>) instead of one each.
/// </summary>
internal sealed record JournalOptions(JournalKind Kind, string? DataDirectory = null, bool KeepData = false, string? PostgresConnectionString = null, bool SharedSqliteFile = false);
