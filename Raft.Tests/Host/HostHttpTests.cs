using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Raft.Host.Http;
using Raft.Tests.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Host;

/// <summary>Raft.Host as a process in <c>run</c> mode serving the key-value HTTP API: end to end, and refusing a taken port.</summary>
public sealed partial class HostHttpTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_run_mode_serves_writes_reads_and_status_over_HTTP()
    {
        using var directory = new TemporaryDirectory();
        using var host = HostProcess.Start(directory.Path, "run", "--Raft:Storage=inmem");
        var url = (await host.WaitForLineAsync(ListeningLine(), "the HTTP API to listen")).Groups["url"].Value;
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = HostProcess.Patience };

        var put = await http.PutAsync("/kv/greeting", new StringContent("hello over HTTP"));
        var value = await http.GetStringAsync("/kv/greeting");
        var members = await http.GetFromJsonAsync<MemberStatusView[]>("/status");
        var exitCode = await host.StopAsync();

        output.WriteLine(host.Output());
        Assert.True(put.StatusCode == HttpStatusCode.NoContent, $"PUT answered {(int)put.StatusCode}.{Environment.NewLine}{host.Output()}");
        Assert.Equal("hello over HTTP", value);
        Assert.Equal(["n1", "n2", "n3"], members!.Select(m => m.Member));
        Assert.Single(members!, m => m.Role == "leader");
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task A_taken_HTTP_port_exits_with_1_naming_the_address()
    {
        using var directory = new TemporaryDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        using var host = HostProcess.Start(directory.Path, "run", "--Raft:Storage=inmem", $"--Http:Urls={address}");
        var exitCode = await host.WaitForExitAsync("the host to refuse the taken port");

        output.WriteLine(host.Output());
        Assert.True(exitCode == 1, $"exit code {exitCode}, not 1.{Environment.NewLine}{host.Output()}");
        Assert.Single(host.Lines, l => l.StartsWith($"The HTTP API cannot listen on {address}: ", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"HTTP API listening on (?<url>http://[^\s,]+)")]
    private static partial Regex ListeningLine();
}
