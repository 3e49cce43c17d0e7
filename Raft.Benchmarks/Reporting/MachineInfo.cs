using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Raft.Benchmarks.Reporting;

/// <summary>What the numbers were measured on, printed with every run and recorded in every Markdown row.</summary>
internal sealed record MachineInfo(
    int ProcessorCount,
    string? CpuModel,
    string Os,
    string Runtime,
    bool ServerGc,
    bool ConcurrentGc,
    string Build,
    double? LoadAverage)
{
    public static MachineInfo Capture() => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        GCSettings.IsServerGC,
        GCSettings.LatencyMode != GCLatencyMode.Batch,
        BuildConfiguration,
        ReadLoadAverage());

#if DEBUG
    public const string BuildConfiguration = "Debug";
#else
    public const string BuildConfiguration = "Release";
#endif

    public bool IsRepresentative => Build == "Release" && ServerGc;

    /// <summary>One line: cores, CPU, OS, runtime, GC, build, and the load average when the run started.</summary>
    public override string ToString()
    {
        var cpu = CpuModel is null ? "" : $" ({CpuModel})";
        var load = LoadAverage is { } l ? string.Create(CultureInfo.InvariantCulture, $", load average {l:0.0} at start") : "";
        return $"{ProcessorCount} cores{cpu}, {Os}, {Runtime}, {(ServerGc ? "Server" : "Workstation")} GC{(ConcurrentGc ? "" : " (non-concurrent)")}, {Build} build{load}";
    }

    /// <summary>Warnings to print before the results when the figures cannot be trusted as they are.</summary>
    public IEnumerable<string> Warnings()
    {
        if (Build != "Release")
        {
            yield return $"This is a {Build} build: run with -c Release for figures worth keeping.";
        }

        if (!ServerGc)
        {
            yield return "Server GC is off (it should be on, see Raft.Benchmarks.csproj; DOTNET_gcServer=0 in the environment?).";
        }

        if (LoadAverage is { } load && load > ProcessorCount * 0.5)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"The machine is busy (load average {load:0.0} on {ProcessorCount} cores): figures are not representative.");
        }
    }

    private static string? ReadCpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                    {
                        return line[(colon + 1)..].Trim();
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>The one-minute load average (Linux), or null where there is none to read.</summary>
    private static double? ReadLoadAverage()
    {
        try
        {
            if (File.Exists("/proc/loadavg"))
            {
                var first = File.ReadAllText("/proc/loadavg").Split(' ', 2)[0];
                return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
