using System.Diagnostics;
using System.Net;
using HdrHistogram;
using Raft.Actors.Cluster;
using Raft.Actors.Protocol;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Measurement;
using Raft.Benchmarks.Reporting;
using Raft.Benchmarks.Scenarios;

namespace Raft.Benchmarks.Processes;

/// <summary>
/// The group as deployed: three <c>Raft.Host node</c> processes on loopback, durable SQLite, the client in this
/// process over Akka.Remote.
/// <list type="bullet">
/// <item><c>nodes-throughput</c>: N proposers loop <c>ProposeAsync</c>; committed commands per second and latency.</item>
/// <item><c>nodes-latency</c>: one sequential proposer; p50/p99 commit latency.</item>
/// <item><c>nodes-failover</c>: K times, SIGKILL the leader's process while a probe proposes every few milliseconds;
/// time from the kill to the first commit of a proposal made after it (the writes resume), then restart the process.</item>
/// <item><c>nodes-http</c>: N clients loop <c>PUT /kv/{key}</c> over keep-alive HTTP/1.1 connections (one
/// <see cref="HttpClient"/>, a pooled connection per concurrent request), spread over the three nodes (followers forward
/// to the leader) or all at the leader; PUTs answered 204 per second and latency.</item>
/// </list>
/// </summary>
internal sealed class NodesScenario : IScenario
{
    private static readonly string[] Members = ["n1", "n2", "n3"];
    private static readonly double[] ReportedPercentiles = [50, 90, 99, 99.9];
    // Fresh node processes still recompile hot code at tier 1 a minute in, on 2 cores under this load (2026-12-04:
    // 39k commits/s after 20 s, 48k after 60 s); a deployed node is long past that.
    private static readonly TimeSpan NodesWarmup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);

    private readonly TimeSpan _electionTimeout;
    private readonly bool _atLeader;

    private NodesScenario(string name, int proposers, TimeSpan duration, TimeSpan warmup, int commandBytes, int repeat, TimeSpan electionTimeout, bool atLeader)
    {
        _atLeader = atLeader;
        Name = name;
        Proposers = proposers;
        Duration = duration;
        Warmup = warmup;
        CommandBytes = commandBytes;
        Repeat = repeat;
        _electionTimeout = electionTimeout;
    }

    public string Name { get; }

    public int Proposers { get; }

    public TimeSpan Duration { get; }

    public TimeSpan Warmup { get; }

    public int CommandBytes { get; }

    public int Repeat { get; }

    public string Options => Name switch
    {
        "nodes-failover" => Format.Invariant($"repeat={Repeat}, command-bytes={CommandBytes}, election-timeout={Format.Ms(_electionTimeout)}, 3 processes, sqlite"),
        "nodes-http" => Format.Invariant($"clients={Proposers}, at={(_atLeader ? "leader" : "any")}, seconds={Duration.TotalSeconds:0.##}, warmup={Warmup.TotalSeconds:0.##}, value-bytes={CommandBytes}, election-timeout={Format.Ms(_electionTimeout)}, 3 processes, sqlite"),
        _ => Format.Invariant($"proposers={Proposers}, seconds={Duration.TotalSeconds:0.##}, warmup={Warmup.TotalSeconds:0.##}, command-bytes={CommandBytes}, election-timeout={Format.Ms(_electionTimeout)}, 3 processes, sqlite"),
    };

    public static NodesScenario Read(string name, BenchArgs args)
    {
        var proposers = name switch
        {
            "nodes-throughput" => args.Int("proposers", 1000, 1, 1_000_000),
            "nodes-http" => args.Int("clients", 64, 1, 100_000),
            _ => 1,
        };
        var atLeader = name == "nodes-http" && args.Choice("at", "any", "any", "leader") == "leader";
        var duration = name == "nodes-failover" ? TimeSpan.Zero : args.Duration("seconds", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        // Fresh node processes run tier-0 JIT code for tens of seconds under load (tiered compilation): a deployed node is
        // long past that, so the default warm-up waits for optimized code (15,867 commits/s after 2 s, 38,811 after 20 s).
        var warmup = name == "nodes-failover" ? TimeSpan.Zero : args.Duration("warmup", NodesWarmup, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var repeat = name == "nodes-failover" ? args.Int("repeat", 50, 1, 10_000) : 0;
        var commandBytes = name == "nodes-http" ? args.Int("value-bytes", 100, 1, Raft.Actors.KeyValue.KeyValueLimits.MaxValueBytes) : args.Int("command-bytes", 100, 1, 1 << 20);
        var election = args.Duration("election-timeout-ms", TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(1));
        return new NodesScenario(name, proposers, duration, warmup, commandBytes, repeat, election, atLeader);
    }

    public async Task<ScenarioResult> RunAsync(RunContext context)
    {
        await using var nodes = new NodeProcesses(Members, _electionTimeout);
        foreach (var member in Members)
        {
            nodes.Start(member);
        }

        await nodes.WaitUntilAnsweringAsync(StartLimit, context.Interrupted).ConfigureAwait(false);
        await ProposeUntilCommitted(nodes.Client, Command(0), context.Interrupted).ConfigureAwait(false);
        Console.WriteLine($"3 node processes up, journals and logs in {nodes.Location}");
        try
        {
            return Name switch
            {
                "nodes-failover" => await FailoverAsync(nodes, context).ConfigureAwait(false),
                "nodes-http" => await PutOverHttpAsync(nodes, context).ConfigureAwait(false),
                _ => await ProposeAsync(nodes.Client, context).ConfigureAwait(false),
            };
        }
        catch (BenchmarkFailedException)
        {
            nodes.Keep = true;
            throw;
        }
    }

    private Task<ScenarioResult> ProposeAsync(RaftGroupClient client, RunContext context) =>
        MeasureAsync(p =>
        {
            var command = Command(p);
            return async () =>
            {
                try
                {
                    await client.ProposeAsync(command).ConfigureAwait(false);
                    return true;
                }
                catch (Exception ex) when (ex is ProposalFailedException or TimeoutException)
                {
                    return false;
                }
            };
        }, "commands", "proposals failed or timed out", context);

    /// <summary>Each client PUTs a value of <see cref="CommandBytes"/> bytes to its own key, without a session stamp, at the node it was given.</summary>
    private async Task<ScenarioResult> PutOverHttpAsync(NodeProcesses nodes, RunContext context)
    {
        List<Uri> targets = _atLeader
            ? [nodes.HttpUrl((await LeaderAsync(nodes, context.Interrupted).ConfigureAwait(false)).MemberId)]
            : [.. nodes.MemberIds.Select(nodes.HttpUrl)];
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = TimeSpan.FromSeconds(10) };
        return await MeasureAsync(p =>
        {
            var uri = new Uri(targets[p % targets.Count], $"kv/c{p}");
            var value = Command(p);
            return async () =>
            {
                try
                {
                    using var content = new ByteArrayContent(value);
                    using var response = await http.PutAsync(uri, content).ConfigureAwait(false);
                    return response.StatusCode == HttpStatusCode.NoContent;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            };
        }, "PUTs", "PUTs not answered 204 or timed out", context).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="Proposers"/> loops, each running the operation <paramref name="operationOf"/> gives it (true: it
    /// succeeded) back to back; after the warm-up, successes per second and their latency over <see cref="Duration"/>.
    /// </summary>
    private async Task<ScenarioResult> MeasureAsync(Func<int, Func<Task<bool>>> operationOf, string what, string failures, RunContext context)
    {
        var latencies = new LatencyRecorder();
        long measuring = 0, completed = 0, failed = 0;
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, Proposers).Select(p => Task.Run(async () =>
        {
            var operation = operationOf(p);
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                if (await operation().ConfigureAwait(false))
                {
                    if (Volatile.Read(ref measuring) == 1)
                    {
                        latencies.RecordSince(started, Stopwatch.GetTimestamp());
                        Interlocked.Increment(ref completed);
                    }
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();
        await Task.Delay(Warmup, context.Interrupted).ConfigureAwait(false);
        var window = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        try
        {
            await Task.Delay(Duration, context.Interrupted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Volatile.Write(ref measuring, 0);
        var elapsed = window.Elapsed;
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        var histogram = latencies.Snapshot();
        var rate = Interlocked.Read(ref completed) / elapsed.TotalSeconds;
        var lines = new List<string>
        {
            $"committed   {Format.Count(completed)} in {Format.Seconds(elapsed)}: {Format.Rate(rate)} {what}/s",
            $"latency     {Format.Percentiles(histogram, ReportedPercentiles)}",
            $"failed      {Format.Count(failed)} {failures}",
        };
        var summary = $"{Format.Rate(rate)} {what}/s; {Format.Percentiles(histogram, 50, 99)}";
        return new ScenarioResult(lines, summary, context.Interrupted.IsCancellationRequested);
    }

    private async Task<ScenarioResult> FailoverAsync(NodeProcesses nodes, RunContext context)
    {
        var resumed = new List<double>();
        for (var round = 1; round <= Repeat && !context.Interrupted.IsCancellationRequested; round++)
        {
            var leader = await LeaderAsync(nodes, context.Interrupted).ConfigureAwait(false);
            var killed = Stopwatch.GetTimestamp();
            nodes.Kill(leader.MemberId);
            var after = await FirstCommitAfter(nodes.Client, killed, context.Interrupted).ConfigureAwait(false);
            resumed.Add(after.TotalMilliseconds);
            Console.WriteLine(Format.Invariant($"round {round}/{Repeat}: killed {leader.MemberId} (leader of term {leader.Term}); writes resumed after {Format.Ms(after)}"));
            nodes.Start(leader.MemberId);
            await nodes.WaitUntilAnsweringAsync(StartLimit, context.Interrupted).ConfigureAwait(false);
        }

        resumed.Sort();
        var median = resumed[resumed.Count / 2];
        var p99 = resumed[Math.Min(resumed.Count - 1, (int)Math.Ceiling(resumed.Count * 0.99) - 1)];
        var lines = new List<string>
        {
            $"rounds      {resumed.Count} (leader process killed with SIGKILL, writes resumed, process restarted and answering)",
            $"resumed     first commit of a write proposed after the kill: median {Format.Ms(median)}, p99 {Format.Ms(p99)}, min {Format.Ms(resumed[0])}, max {Format.Ms(resumed[^1])}",
        };
        return new ScenarioResult(lines, $"{resumed.Count} kills: writes resumed median {Format.Ms(median)}, p99 {Format.Ms(p99)}", context.Interrupted.IsCancellationRequested);
    }

    /// <summary>The member all running members agree leads.</summary>
    private static async Task<ClientProtocol.PeerStatus> LeaderAsync(NodeProcesses nodes, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var statuses = await Task.WhenAll(nodes.MemberIds.Select(async m =>
            {
                try
                {
                    return await nodes.Client.StatusAsync(m, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    return null;
                }
            })).ConfigureAwait(false);
            if (statuses.SingleOrDefault(s => s?.Role == RaftRole.Leader) is { } leader && statuses.All(s => s is not null && s.Term == leader.Term && s.LeaderId == leader.MemberId))
            {
                return leader;
            }

            if (deadline.Elapsed > StartLimit)
            {
                throw new BenchmarkFailedException($"No leader all members agree on within {Format.Ms(StartLimit)}.");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Proposes every 5 ms from <paramref name="since"/> on until one of these proposals commits; the time from <paramref name="since"/> to that commit.</summary>
    private async Task<TimeSpan> FirstCommitAfter(RaftGroupClient client, long since, CancellationToken cancellationToken)
    {
        var first = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = new List<Task>();
        for (var i = 0; !first.Task.IsCompleted; i++)
        {
            if (Stopwatch.GetElapsedTime(since) > StartLimit)
            {
                throw new BenchmarkFailedException($"No write committed within {Format.Ms(StartLimit)} of the kill.");
            }

            attempts.Add(Attempt(Command(i)));
            await Task.WhenAny(first.Task, Task.Delay(5, cancellationToken)).ConfigureAwait(false);
        }

        await Task.WhenAll(attempts).ConfigureAwait(false);
        return await first.Task.ConfigureAwait(false);

        async Task Attempt(byte[] command)
        {
            try
            {
                await client.ProposeAsync(command, TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
                first.TrySetResult(Stopwatch.GetElapsedTime(since));
            }
            catch (Exception ex) when (ex is ProposalFailedException or TimeoutException)
            {
                // The dead leader's share: the next attempt goes to the new one.
            }
        }
    }

    private static async Task ProposeUntilCommitted(RaftGroupClient client, byte[] command, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await client.ProposeAsync(command, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when ((ex is ProposalFailedException or TimeoutException) && deadline.Elapsed < StartLimit)
            {
            }
        }
    }

    private byte[] Command(int seed)
    {
        var command = new byte[CommandBytes];
        BitConverter.TryWriteBytes(command, seed);
        return command;
    }
}
