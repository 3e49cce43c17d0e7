using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Raft.Host.Configuration;

/// <summary>Where settings come from, later sources winning: appsettings.json, appsettings.{Environment}.json, RAFT_ environment variables, the command line.</summary>
internal static class ConfigurationSources
{
    public const string EnvironmentPrefix = "RAFT_";

    /// <summary>Short command-line switches for the common keys.</summary>
    private static readonly Dictionary<string, string> Switches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--seeds"] = "Simulation:Seeds",
        ["--member"] = "Node:MemberId",
    };

    public static void Apply(ConfigurationManager configuration, IHostEnvironment environment, string[] args)
    {
        // Replace the builder's defaults with exactly the documented sources (no unprefixed environment variables).
        configuration.Sources.Clear();
        configuration
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environment.EnvironmentName}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(args, Switches);
    }
}
