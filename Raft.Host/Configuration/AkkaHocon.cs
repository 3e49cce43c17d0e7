using Akka.Configuration;

namespace Raft.Host.Configuration;

/// <summary>The host's Akka configuration: <c>akka.hocon</c> next to the executable (the repository root's copy).</summary>
internal static class AkkaHocon
{
    public const string FileName = "akka.hocon";

    /// <exception cref="HostConfigurationException">The file is missing or does not parse; the message names it.</exception>
    public static Config Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new HostConfigurationException([$"{path} is missing: it holds the Akka configuration (the repository root's {FileName} is copied there by the build)."]);
        }

        try
        {
            return ConfigurationFactory.ParseString(File.ReadAllText(path));
        }
        catch (FormatException ex)
        {
            // The HOCON parser reports a bad token or an unresolved substitution, with its position.
            throw new HostConfigurationException([$"{path} does not parse: {ex.Message}"]);
        }
    }
}
