using System.Diagnostics;
using Raft.Actors.Persistence;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Processes;
using Raft.Benchmarks.Compare;
using Raft.Benchmarks.Reporting;
using Raft.Benchmarks.Scenarios;

// Usage: dotnet run -c Release --project Raft.Benchmarks -- <scenario> [--option value ...]   (see docs/benchmarks.md)
// Exit codes: 0 measured; 1 the storage cannot be used, the group under test failed or a check did not hold;
// 2 bad command line; 130 interrupted.
const string Usage = """
    Usage: dotnet run -c Release --project Raft.Benchmarks -- <scenario> [options]

    The group scenarios run a RaftGroup in one Akka.NET ActorSystem of this process.

    Scenarios
      throughput   3 members; N proposers loop ProposeAsync; commands/s and commit latency
                     --proposers N (1000)  --seconds S (10)  --warmup S (2)  --command-bytes B (100)
      latency      the same with one sequential proposer: p50/p99/max commit latency
                     --seconds S (10)  --warmup S (2)  --command-bytes B (100)
                   both print bytes allocated and processor time per command (whole process); --allocations
                   adds the types allocated in the measured window, sampled from the GC's allocation ticks
      restart      write a member's journal of N entries, then time its start until recovered and caught up
                     --entries N (1000000)  --repeat R (3)  --batch B (1000)  --command-bytes B (100)
      failover     stop the leader, propose at once; time the election and the next committed write, K times
                     --repeat K (10)  --command-bytes B (100)
      reads        3 members; N readers loop ReadAsync (no log write): reads/s and read latency
                     --readers N (1000)  --seconds S (10)  --warmup S (2)  --read-mode readindex|lease (readindex)
                     --at leader|any (leader: every read at the leader; any: spread over the members)
      simulate     the deterministic simulation (no ActorSystem): seeds/s and simulated seconds per wall second
                     --seeds N (2000)  --members M (3)  --repeat R (3)
      compare      ours and dotNext's RaftCluster (DotNext.Net.Cluster 6.12.0) one after the other, same workloads:
                   N concurrent proposers, failover, recovery of a long log; one table with the ratios
                     --contenders ours,ours-remote,dotnext (all)  --proposers 1,8,64,1000  --seconds S (10)
                     --warmup S (2)  --failovers K (20, 0 skips)  --entries N (1000000, 0 skips)  --command-bytes B (100)
                     --journal sqlite|postgres (sqlite), --election-timeout-ms, --heartbeat-ms as below

    The nodes-* scenarios run 3 Raft.Host node processes on loopback (durable SQLite), the client in this process.

      nodes-throughput   N proposers over Akka.Remote; commands/s and commit latency
                           --proposers N (1000)  --seconds S (10)  --warmup S (60)  --command-bytes B (100)
      nodes-latency      one sequential proposer: p50/p99 commit latency
                           --seconds S (10)  --warmup S (60)  --command-bytes B (100)
      nodes-failover     SIGKILL the leader's process K times; time until writes resume
                           --repeat K (50)  --command-bytes B (100)
      nodes-http         N clients loop PUT /kv/{key} over keep-alive HTTP (no session stamp); PUTs/s and latency
                           --clients N (64)  --seconds S (10)  --warmup S (60)  --value-bytes B (100)
                           --at any|leader (any: client i at node i mod 3, followers forward; leader: all at the leader)
      (each also takes --election-timeout-ms T (150): timeouts drawn from [T, 2T), heartbeat T/3)

    Options of throughput, latency, reads, restart and failover
      --journal inmemory|sqlite|postgres    where the members journal (inmemory)
      --data-dir DIR                        sqlite: the data directory (default: a fresh temporary one, removed at the end)
      --keep-data                           sqlite: keep the temporary data directory
      --sqlite-files per-member|shared      sqlite: a file per member (default) or one for all
      --postgres 'CONNECTION STRING'        postgres: the database (required)
      --election-timeout-ms T (150)         election timeouts drawn from [T, 2T)
      --heartbeat-ms H (T/3)

    Options of every scenario
      --markdown FILE                       append a result row to FILE's results table (docs/benchmarks.md)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

var scenarioName = args[0];
var options = BenchArgs.Parse(args[1..]);
var markdown = options.String("markdown");
IScenario? scenario = scenarioName switch
{
    "throughput" => ProposalScenario.ReadThroughput(options),
    "latency" => ProposalScenario.ReadLatency(options),
    "restart" => RestartScenario.Read(options),
    "failover" => FailoverScenario.Read(options),
    "reads" => ReadScenario.Read(options),
    "simulate" => SimulateScenario.Read(options),
    "compare" => CompareScenario.Read(options),
    "nodes-throughput" or "nodes-latency" or "nodes-failover" or "nodes-http" => NodesScenario.Read(scenarioName, options),
    _ => null,
};
if (scenario is null)
{
    Console.Error.WriteLine($"Unknown scenario '{scenarioName}': use throughput, latency, reads, restart, failover, simulate, compare, nodes-throughput, nodes-latency, nodes-failover or nodes-http (--help for their options).");
    return 2;
}

options.RejectUnread(scenarioName);
if (options.Problems.Count > 0)
{
    Console.Error.WriteLine($"Invalid options for '{scenarioName}':");
    foreach (var problem in options.Problems)
    {
        Console.Error.WriteLine($"  - {problem}");
    }

    return 2;
}

var machine = MachineInfo.Capture();
var command = "dotnet run -c Release --project Raft.Benchmarks -- " + string.Join(' ', Recorded(args).Select(Quote));
Console.WriteLine($"Raft.Benchmarks {scenario.Name}: {scenario.Options}");
Console.WriteLine($"machine: {machine}");
foreach (var warning in machine.Warnings())
{
    Console.WriteLine($"WARNING: {warning}");
}

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C ends the run early with what was measured; a second one kills the process.
    if (!interrupt.IsCancellationRequested)
    {
        e.Cancel = true;
        interrupt.Cancel();
    }
};

var clock = Stopwatch.StartNew();
ScenarioResult result;
try
{
    result = await scenario.RunAsync(new RunContext(clock, interrupt.Token));
}
catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
{
    Console.WriteLine("Interrupted before anything was measured.");
    return 130;
}
catch (BenchmarkFailedException ex)
{
    Console.Error.WriteLine($"FAILED: {ex.Message}");
    return 1;
}
catch (RaftStorageException ex)
{
    // The message names the file or database and what is wrong with it.
    Console.Error.WriteLine($"FAILED: the storage cannot be used: {ex.Message}");
    return 1;
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    // Anything else is a surprise from the library or the harness: show all of it.
    Console.Error.WriteLine($"FAILED with an unexpected {ex.GetType().Name}: {ex}");
    return 1;
}

Console.WriteLine();
Console.WriteLine($"=== {scenario.Name} result{(result.Interrupted ? " (INTERRUPTED: partial)" : "")} ===");
Console.WriteLine($"options     {scenario.Options}");
Console.WriteLine($"machine     {machine}");
foreach (var line in result.Lines)
{
    Console.WriteLine(line);
}

Console.WriteLine($"summary     {result.Summary}");
Console.WriteLine($"command     {command}");
foreach (var warning in machine.Warnings())
{
    Console.WriteLine($"WARNING: {warning}");
}

if (markdown is not null)
{
    if (result.Interrupted)
    {
        Console.WriteLine($"Not appending to {markdown}: the run was interrupted.");
    }
    else if (scenario is IMarkdownReport report)
    {
        report.AppendMarkdown(markdown, machine, command);
        Console.WriteLine($"Appended the results to {markdown}.");
    }
    else
    {
        MarkdownResults.Append(markdown, DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), scenario.Name, scenario.Options, machine.ToString(), result.Summary, command);
        Console.WriteLine($"Appended a row to {markdown}.");
    }
}

return result.Interrupted ? 130 : 0;

// The command line to record with a result: everything but --markdown, which changes where it goes, not what it measures.
static IEnumerable<string> Recorded(string[] args)
{
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] == "--markdown")
        {
            i++;
            continue;
        }

        if (args[i].StartsWith("--markdown=", StringComparison.Ordinal))
        {
            continue;
        }

        yield return args[i];
    }
}

static string Quote(string arg) =>
    arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_=.,/:".Contains(c, StringComparison.Ordinal)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
