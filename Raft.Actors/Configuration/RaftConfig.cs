using Akka.Configuration;

namespace Raft.Actors.Configuration;

/// <summary>
/// The library's defaults, shipped as the embedded <c>raft.conf</c> (the <c>reference.conf</c> habit): the binding
/// of <see cref="Serialization.RaftSerializer"/> to every Raft message and journal record. A host adds it as a
/// fallback, so its own <c>akka.hocon</c> can override any of it:
/// <code>ActorSystem.Create("node", ConfigurationFactory.ParseString(hocon).WithFallback(RaftConfig.Default))</code>
/// </summary>
public static class RaftConfig
{
    private static readonly Lazy<Config> Defaults = new(() =>
        ConfigurationFactory.FromResource("Raft.Actors.Configuration.raft.conf", typeof(RaftConfig).Assembly));

    public static Config Default => Defaults.Value;
}
