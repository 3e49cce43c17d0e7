using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Raft.Actors.Peer;
using Raft.Tests.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Host;

/// <summary>
/// Raft.Host as a process on its default storage, SQLite in <c>raft-data</c> under its working directory: what it
/// reports at start-up, what it recovers after a clean stop and after a crash, and how it fails when a member's
/// journal does not recover.
/// </summary>
public sealed partial class HostRecoveryTests(ITestOutputHelper output)
{
    private static readonly string[] Members = ["n1", "n2", "n3"];

    [Fact]
    public async Task A_host_stopped_by_SIGTERM_recovers_its_term_and_log_from_SQLite_when_started_again()
    {
        using var directory = new TemporaryDirectory();

        var acknowledged = await RunUntilApplied(directory, stop: host => host.StopAsync(), expectedExitCode: 0);
        using var host = HostProcess.Start(directory.Path);
        var recovered = await RecoveredStates(host);
        var exitCode = await host.StopAsync();

        output.WriteLine(host.Output());
        AssertMajorityRecovered(recovered, acknowledged, host);
        Assert.True(exitCode == 0, $"The restarted host exited with {exitCode} after SIGTERM, not 0.{Environment.NewLine}{host.Output()}");
        AssertNoStackTrace(host);
    }

    [Fact]
    public async Task A_host_killed_by_SIGKILL_recovers_every_acknowledged_entry_and_its_data_directory_when_started_again()
    {
        using var directory = new TemporaryDirectory();

        // A crash leaves the lock file behind, but not its lock: the operating system releases it with the process.
        var acknowledged = await RunUntilApplied(directory, stop: host => host.CrashAsync(), expectedExitCode: null);
        using var host = HostProcess.Start(directory.Path);
        var recovered = await RecoveredStates(host);

        AssertMajorityRecovered(recovered, acknowledged, host);
        AssertNoStackTrace(host);
    }

    [Fact]
    public async Task A_member_whose_journal_does_not_recover_stops_the_host_with_exit_code_1_naming_the_member()
    {
        using var directory = new TemporaryDirectory();
        await RunUntilApplied(directory, stop: host => host.StopAsync(), expectedExitCode: 0);

        // n2's first event now claims a format version this build does not know.
        DamageFirstEvent(Path.Combine(directory.Path, "raft-data", "raft.n2.db"), RaftPeerSettings.PersistenceIdOf("raft", "n2"));
        using var host = HostProcess.Start(directory.Path);
        var exitCode = await host.WaitForExitAsync("the host to stop on n2's unreadable journal");

        output.WriteLine(host.Output());
        Assert.True(exitCode == 1, $"The host exited with {exitCode}, not 1.{Environment.NewLine}{host.Output()}");
        Assert.Contains(host.Lines, line =>
            line.Contains("Member n2 of group raft failed at start-up, stopping the host", StringComparison.Ordinal)
            && line.Contains("could not be recovered", StringComparison.Ordinal));
        AssertNoStackTrace(host);
    }

    /// <summary>
    /// Starts a host on a fresh data directory, checks what it says about its storage and its empty members, waits
    /// for its first applied command, then stops it; returns the index of that command.
    /// </summary>
    private async Task<long> RunUntilApplied(TemporaryDirectory directory, Func<HostProcess, Task<int>> stop, int? expectedExitCode)
    {
        using var host = HostProcess.Start(directory.Path);
        var storage = await host.WaitForLineAsync(StorageLine(), "the storage line");
        var files = Members.Select(id => Path.Combine(directory.Path, "raft-data", $"raft.{id}.db")).ToArray();
        Assert.Equal(string.Join(", ", files.Select(f => $"'{f}'")), storage.Groups["paths"].Value);
        var fresh = await RecoveredStates(host, files);
        Assert.All(Members, id => Assert.True(fresh[id] == (0, 0), $"{id} recovered {fresh[id]} from a fresh data directory.{Environment.NewLine}{host.Output()}"));

        // The demo's first command: applied, so durable in a majority of the members' journals.
        var applied = await host.WaitForLineAsync(AppliedLine(), "the first applied command");
        var index = long.Parse(applied.Groups["index"].Value, CultureInfo.InvariantCulture);
        var exitCode = await stop(host);

        output.WriteLine(host.Output());
        if (expectedExitCode is { } expected)
        {
            Assert.True(exitCode == expected, $"The host exited with {exitCode}, not {expected}.{Environment.NewLine}{host.Output()}");
        }

        AssertNoStackTrace(host);
        return index;
    }

    private static async Task<Dictionary<string, (long Term, long LastIndex)>> RecoveredStates(HostProcess host, string[]? files = null)
    {
        var lines = await host.WaitForLinesAsync(RecoveredLine(), Members.Length, "every member's recovered state");
        if (files is not null)
        {
            // Each member recovers from its own file.
            Assert.All(lines, line => Assert.Equal(files[Array.IndexOf(Members, line.Groups["member"].Value)], line.Groups["path"].Value));
        }

        var states = lines.ToDictionary(
            m => m.Groups["member"].Value,
            m => (long.Parse(m.Groups["term"].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture)));
        Assert.True(Members.All(states.ContainsKey), $"Recovered states for {string.Join(", ", states.Keys)}, not {string.Join(", ", Members)}.{Environment.NewLine}{host.Output()}");
        return states;
    }

    /// <summary>
    /// An applied entry is durable in a majority of journals, written in a term of at least 1: that many members must
    /// recover it. (The third may have been cut off before it received the entry.)
    /// </summary>
    private static void AssertMajorityRecovered(Dictionary<string, (long Term, long LastIndex)> recovered, long acknowledged, HostProcess host)
    {
        var holding = recovered.Where(m => m.Value.Term >= 1 && m.Value.LastIndex >= acknowledged).Select(m => m.Key).ToList();
        Assert.True(
            holding.Count >= (Members.Length / 2) + 1,
            $"Index {acknowledged} was applied before the stop, but only {string.Join(", ", holding)} recovered a term >= 1 and a log reaching it: " +
            $"{string.Join(", ", recovered.Select(m => $"{m.Key} term {m.Value.Term} last index {m.Value.LastIndex}"))}.{Environment.NewLine}{host.Output()}");
    }

    private static void AssertNoStackTrace(HostProcess host) =>
        Assert.False(host.Lines.Any(l => l.Contains("   at ", StringComparison.Ordinal)), $"The host printed a stack trace.{Environment.NewLine}{host.Output()}");

    private static void DamageFirstEvent(string database, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var update = connection.CreateCommand();
        update.CommandText = """
            UPDATE journal SET message = @payload
            WHERE persistence_id = @id AND sequence_number = (SELECT MIN(sequence_number) FROM journal WHERE persistence_id = @id)
            """;
        update.Parameters.AddWithValue("@payload", new byte[] { 9, 1, 2, 3 });
        update.Parameters.AddWithValue("@id", persistenceId);
        Assert.Equal(1, update.ExecuteNonQuery());
    }

    [GeneratedRegex(@"storage SQLite files (?<paths>.+)\. Press Ctrl\+C")]
    private static partial Regex StorageLine();

    [GeneratedRegex(@"\b(?<member>n\d) recovered term (?<term>\d+), last log index (?<index>\d+) .* from SQLite file '(?<path>[^']+)'")]
    private static partial Regex RecoveredLine();

    [GeneratedRegex(@"\[index (?<index>\d+), term (?<term>\d+)\]")]
    private static partial Regex AppliedLine();
}
