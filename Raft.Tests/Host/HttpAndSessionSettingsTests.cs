using Microsoft.Extensions.Configuration;
using Raft.Actors.KeyValue;
using Raft.Actors.StateMachine.Sessions;
using Raft.Host.Configuration;

namespace Raft.Tests.Host;

/// <summary>The host's <c>Http</c> section and <c>Raft:Sessions</c> keys: defaults, binding, and problems naming their keys.</summary>
public sealed class HttpAndSessionSettingsTests
{
    [Fact]
    public void By_default_the_API_listens_on_loopback_port_5080_and_the_group_runs_key_value_in_sessions()
    {
        var settings = HostSettings.Load(Configuration());

        Assert.Equal(["http://127.0.0.1:5080"], settings.Http.ListenUrls);
        var machine = Assert.IsType<SessionStateMachine>(settings.ToGroupSettings().StateMachineFactory("n1"));
        Assert.IsType<KeyValueStateMachine>(machine.Inner);
    }

    [Fact]
    public void Session_options_bind_from_the_Raft_Sessions_keys()
    {
        var settings = HostSettings.Load(Configuration(("Raft:Sessions:MaxSessions", "7"), ("Raft:Sessions:ExpireAfterEntries", "0")));

        Assert.Equal(7, settings.Group.Sessions.MaxSessions);
        Assert.Equal(0, settings.Group.Sessions.ExpireAfterEntries);
    }

    [Fact]
    public void Bad_HTTP_and_session_settings_are_each_reported_naming_their_key()
    {
        var error = Assert.Throws<HostConfigurationException>(() => HostSettings.Load(Configuration(
            ("Http:Urls", "ftp://127.0.0.1:21"),
            ("Http:Port", "80"),
            ("Raft:Sessions:MaxSessions", "0"),
            ("Raft:Sessions:Forever", "true"))));

        Assert.Contains("Http:Urls 'ftp://127.0.0.1:21' is not an http://host:port URL.", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("Http:Port is not a known setting", StringComparison.Ordinal));
        Assert.Contains("Raft:Sessions:MaxSessions must be at least 1; it is 0.", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("Raft:Sessions:Forever is not a known setting", StringComparison.Ordinal));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
