using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;
using Raft.Actors.Core;

namespace Raft.Host.Configuration;

/// <summary>
/// The <c>node</c> mode, bound from section <c>Node</c>: which member this process runs, where every member listens,
/// the Akka.Cluster it joins, and the group's certificate. Every process of a group is given the same
/// <see cref="Members"/>; each its own <see cref="MemberId"/> (<c>--member n1</c>).
/// </summary>
public sealed class NodeSettings
{
    public const string Section = "Node";

    /// <summary>The actor system's name in every member's address.</summary>
    public const string SystemName = "raft";

    /// <summary>The Akka.Cluster role of every node that runs a Raft member.</summary>
    public const string ClusterRole = "raft";

    /// <summary>This process's member.</summary>
    public string? MemberId { get; set; }

    /// <summary>Every member as <c>id: host:port</c>; this member listens at its own.</summary>
    public Dictionary<string, string> Members { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The Akka.Cluster seed nodes as Akka addresses (<c>akka.tcp://raft@host:port</c>); empty for every member's
    /// address in member id order, the same list on every node, so any two members can form the cluster. Set it when
    /// the cluster has other (non-Raft) nodes that should seed it.
    /// </summary>
    public string[] SeedNodes { get; set; } = [];

    /// <summary>The group's PKCS#12 certificate (with private key); when set, members talk mutual TLS and accept only the trusted thumbprints.</summary>
    public string? Certificate { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Thumbprints accepted from peers; empty for the certificate's own (the group shares one).</summary>
    public string[] TrustedThumbprints { get; set; } = [];

    public bool Tls => !string.IsNullOrWhiteSpace(Certificate);

    /// <exception cref="HostConfigurationException">Listing every problem, each naming its key.</exception>
    public static NodeSettings Load(IConfiguration configuration)
    {
        var settings = new NodeSettings();
        try
        {
            configuration.GetSection(Section).Bind(settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new HostConfigurationException([ex.Message]);
        }

        var problems = settings.Problems();
        return problems.Count == 0 ? settings : throw new HostConfigurationException(problems);
    }

    /// <summary>Every member's Akka address; call only when <see cref="Problems"/> is empty.</summary>
    public IReadOnlyDictionary<string, Address> Addresses() =>
        Members.ToDictionary(m => m.Key, m => ParseEndpoint(m.Value) is var (host, port) ? new Address(Tls ? "akka.ssl.tcp" : "akka.tcp", SystemName, host, port) : throw new InvalidOperationException(m.Value), StringComparer.Ordinal);

    /// <summary>
    /// Where node mode serves the HTTP API when <c>Http:Urls</c> is not configured: loopback, port 5080 plus this
    /// member's position (from 1) among the <see cref="Members"/> ids in ordinal order (n1 5081, n2 5082, n3 5083).
    /// </summary>
    public string DefaultHttpUrl()
    {
        var position = Members.Keys.Order(StringComparer.Ordinal).ToList().IndexOf(MemberId!) + 1;
        return $"http://127.0.0.1:{5080 + position}";
    }

    /// <summary>
    /// The cluster's seed nodes: <see cref="SeedNodes"/> when given, else every member's address in member id order.
    /// Call only when <see cref="Problems"/> is empty.
    /// </summary>
    public IReadOnlyList<Address> SeedNodeAddresses()
    {
        if (SeedNodes.Length > 0)
        {
            return [.. SeedNodes.Select(Address.Parse)];
        }

        var addresses = Addresses();
        return [.. addresses.Keys.Order(StringComparer.Ordinal).Select(id => addresses[id])];
    }

    /// <summary>
    /// Akka.Remote listening at this member's address (TLS on when a certificate is configured) and Akka.Cluster
    /// with the <see cref="ClusterRole"/> role, joining through <see cref="SeedNodeAddresses"/>. Raft messages go by
    /// actor path over Akka.Remote and never wait for cluster membership; downing is Akka's default split-brain
    /// resolver, and a node it downs exits (<see cref="Modes.NodeMode"/>).
    /// </summary>
    public Config AkkaConfig()
    {
        var own = Addresses()[MemberId!];
        var seeds = string.Join(", ", SeedNodeAddresses().Select(a => $"\"{a}\""));
        return ConfigurationFactory.ParseString($$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp {
              hostname = "{{own.Host}}"
              port = {{own.Port}}
              enable-ssl = {{(Tls ? "on" : "off")}}
            }
            akka.cluster {
              seed-nodes = [{{seeds}}]
              roles = ["{{ClusterRole}}"]
            }
            """);
    }

    private List<string> Problems()
    {
        var problems = new List<string>();
        if (!MemberIds.IsValid(MemberId))
        {
            problems.Add($"{Section}:{nameof(MemberId)} (--member) must name this process's member: 1 to {MemberIds.MaxLength} letters, digits, '-' or '_' (is '{MemberId}').");
        }
        else if (!Members.ContainsKey(MemberId!))
        {
            problems.Add($"{Section}:{nameof(MemberId)} '{MemberId}' is not among {Section}:{nameof(Members)} ({string.Join(", ", Members.Keys)}).");
        }

        if (Members.Count == 0)
        {
            problems.Add($"{Section}:{nameof(Members)} must give every member's host:port (e.g. --{Section}:{nameof(Members)}:n1=127.0.0.1:4051).");
        }

        foreach (var (id, endpoint) in Members)
        {
            if (!MemberIds.IsValid(id))
            {
                problems.Add($"{Section}:{nameof(Members)}:{id} is not a valid member id: use 1 to {MemberIds.MaxLength} letters, digits, '-' or '_'.");
            }

            if (ParseEndpoint(endpoint) is null)
            {
                problems.Add($"{Section}:{nameof(Members)}:{id} is '{endpoint}', not host:port with a port from 1 to 65535.");
            }
        }

        foreach (var seed in SeedNodes)
        {
            if (!Address.TryParse(seed, out var address) || !address.HasGlobalScope)
            {
                problems.Add($"{Section}:{nameof(SeedNodes)} lists '{seed}', which is not an Akka address (e.g. {(Tls ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@10.0.0.1:4051).");
            }
            else if (address.System != SystemName)
            {
                problems.Add($"{Section}:{nameof(SeedNodes)} lists '{seed}', whose actor system is not '{SystemName}': every node of an Akka.Cluster has the same system name.");
            }
        }

        if (Tls && !File.Exists(Certificate))
        {
            problems.Add($"{Section}:{nameof(Certificate)} '{Certificate}' does not exist (full path: {Path.GetFullPath(Certificate!)}).");
        }

        return problems;
    }

    private static (string Host, int Port)? ParseEndpoint(string? endpoint)
    {
        var colon = endpoint?.LastIndexOf(':') ?? -1;
        return colon > 0 && int.TryParse(endpoint![(colon + 1)..], out var port) && port is > 0 and <= 65535
            ? (endpoint[..colon], port)
            : null;
    }
}
