using System.Diagnostics;
using System.Globalization;
using System.Text;
using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Raft.Actors.Protocol;
using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

/// <summary>
/// Crash safety for real: a child process leads a one-member group through the journal plugin, proposing and
/// printing each applied (so durable) entry; the test SIGKILLs it mid-stream, checks from the same files that every
/// acknowledged entry, the term and the vote are back, and starts it again on them. <c>RAFT_CRASH_ROUNDS</c> sets
/// the number of kills per journal (20 by default). One test class per journal, so the two run side by side.
/// </summary>
public abstract class CrashRecovery(ITestOutputHelper output)
{
    private const string RoundsVariable = "RAFT_CRASH_ROUNDS";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    protected async Task KillRepeatedlyAndVerify(string kind)
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable(RoundsVariable), out var r) && r > 0 ? r : 20;
        using var directory = new TemporaryDirectory();
        var location = kind == JournalKind.Sqlite ? directory.Path : TestPostgres.RequiredConnectionString;
        var cluster = TestStorage.UniqueClusterId("crash");
        var persistenceId = RaftPeerSettings.PersistenceIdOf(cluster, SingleMemberGroup.MemberId);
        var acknowledged = new Dictionary<long, long>();
        long leaderTerm = 0;
        var random = new Random(kind.Length);
        var clock = Stopwatch.StartNew();

        for (var round = 1; round <= rounds; round++)
        {
            // Kill after a random number of acknowledgements: early (during start-up writes) as well as late.
            var killAfter = random.Next(1, 1_500);
            var (applied, term) = await RunAndKill(kind, location, cluster, round, killAfter);
            foreach (var (index, value) in applied)
            {
                Assert.False(acknowledged.TryGetValue(index, out var earlier) && earlier != value, $"round {round}: index {index} was acknowledged as {earlier} and later as {value}");
                acknowledged[index] = value;
            }

            leaderTerm = Math.Max(leaderTerm, term);
            Verify(kind, location, persistenceId, acknowledged, leaderTerm, $"{kind}, round {round} (killed after {applied.Count} acknowledgements): ");
        }

        output.WriteLine($"{kind}: {rounds} kills, {acknowledged.Count} acknowledged entries, last term {leaderTerm}, {clock.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>Runs one incarnation of the writer and SIGKILLs it; returns what it acknowledged and the term it led in.</summary>
    private async Task<(List<(long Index, long Value)> Applied, long Term)> RunAndKill(string kind, string location, string cluster, int round, int killAfter)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var errors = new StringBuilder();
        using var writer = StartWriter(errors, kind, location, cluster, round.ToString(CultureInfo.InvariantCulture));
        var applied = new List<(long, long)>();
        long term = 0;
        try
        {
            while (applied.Count < killAfter)
            {
                var line = await writer.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new Xunit.Sdk.XunitException($"{kind}, round {round}: the writer stopped after {applied.Count} acknowledgements: {errors}");
                Parse(line, applied, ref term);
            }
        }
        finally
        {
            // SIGKILL on Unix: no finally blocks, no disposal, no flush in the writer.
            writer.Kill();
        }

        // Lines already in the pipe were acknowledged before the kill too; a line the kill cut short is dropped.
        while (await writer.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            Parse(line, applied, ref term);
        }

        await writer.WaitForExitAsync(timeout.Token);
        return (applied, term);
    }

    private void Verify(string kind, string location, string persistenceId, Dictionary<long, long> acknowledged, long leaderTerm, string context)
    {
        using var storage = RaftStorage.Open(kind, location);
        using var kit = new JournalKit(storage, output);
        var recovered = kit.Recover(persistenceId).State;

        Assert.True(recovered.HardState.Term >= leaderTerm, $"{context}term {recovered.HardState.Term} recovered, but the writer led in term {leaderTerm}");
        Assert.True(recovered.HardState.VotedFor == SingleMemberGroup.MemberId, $"{context}the vote recovered is '{recovered.HardState.VotedFor}', not the member's own");

        var values = new Dictionary<long, long>();
        if (recovered.Snapshot is { } snapshot)
        {
            foreach (var (index, value) in AppliedLogStateMachine.Read(snapshot.Data))
            {
                values[index] = value;
            }
        }

        foreach (var entry in recovered.Entries.Where(e => e.Kind == EntryKind.Command))
        {
            values[entry.Index] = AppliedLogStateMachine.ValueOf(entry.Command);
        }

        foreach (var (index, value) in acknowledged)
        {
            Assert.True(values.TryGetValue(index, out var found), $"{context}acknowledged entry {index} is missing (snapshot through {recovered.Snapshot?.LastIncludedIndex ?? 0}, {recovered.Entries.Count} entries after it)");
            Assert.True(found == value, $"{context}entry {index} holds {found}, but {value} was acknowledged");
        }
    }

    private static void Parse(string line, List<(long, long)> applied, ref long term)
    {
        var parts = line.Split(' ');
        if (parts is ["applied", var index, var value] && long.TryParse(index, CultureInfo.InvariantCulture, out var i) && long.TryParse(value, CultureInfo.InvariantCulture, out var v))
        {
            applied.Add((i, v));
        }
        else if (parts is ["leader", var leaderTerm] && long.TryParse(leaderTerm, CultureInfo.InvariantCulture, out var t))
        {
            term = Math.Max(term, t);
        }
    }

    private static Process StartWriter(StringBuilder errors, params string[] arguments)
    {
        // The same dotnet that runs the tests; the SDK names it in DOTNET_HOST_PATH.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CrashWriterProgram).Assembly.Location);
        start.ArgumentList.Add(CrashWriterProgram.Command);
        foreach (var argument in arguments)
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
