using System.Diagnostics;
using System.Globalization;
using System.Text;
using Raft.Actors.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

/// <summary>A writer process killed in the middle of writing loses nothing it had acknowledged.</summary>
public sealed class SqliteJournalCrashTests(ITestOutputHelper output)
{
    private const string Cluster = "crash-cluster";
    private const string Member = "crash-member";
    private const long AcknowledgedBeforeKill = 3_000;

    [Fact]
    public async Task Every_acknowledged_entry_survives_a_SIGKILL()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("peer.db");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var errors = new StringBuilder();
        using var writer = StartWriter(path, errors);
        long acknowledged = 0;
        try
        {
            while (acknowledged < AcknowledgedBeforeKill)
            {
                var line = await writer.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"The writer stopped after acknowledging {acknowledged} entries: {errors}");
                acknowledged = long.Parse(line, CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            // SIGKILL on Unix: no finally blocks, no disposal, no checkpoint in the writer.
            writer.Kill();
        }

        // Lines still in the pipe were acknowledged before the kill as well (a line cut short by the kill reads lower).
        while (await writer.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            acknowledged = Math.Max(acknowledged, long.Parse(line, CultureInfo.InvariantCulture));
        }

        await writer.WaitForExitAsync(timeout.Token);
        using var journal = new SqliteJournal(path, Cluster, Member);
        var recovery = journal.Load();
        output.WriteLine($"Killed after {acknowledged} acknowledged entries; {recovery.Entries.Count} recovered.");
        Assert.True(recovery.Entries.Count >= acknowledged, $"The writer acknowledged {acknowledged} entries; {recovery.Entries.Count} were recovered.");
        Assert.True(recovery.HardState.Term >= acknowledged, $"The writer acknowledged a term of {acknowledged}; {recovery.HardState.Term} was recovered.");
        JournalAssert.Entries(TestEntries.Range(1, recovery.Entries.Count, term: 1, commandLength: 24), recovery.Entries);
    }

    private static Process StartWriter(string path, StringBuilder errors)
    {
        // The same dotnet that runs the tests; the SDK names it in DOTNET_HOST_PATH.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(CrashWriterProgram).Assembly.Location, CrashWriterProgram.Command, path, Cluster, Member })
        {
            start.ArgumentList.Add(argument);
        }

        var writer = Process.Start(start) ?? throw new InvalidOperationException("The writer process did not start.");
        writer.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        writer.BeginErrorReadLine();
        return writer;
    }
}
