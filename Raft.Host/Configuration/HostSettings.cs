using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.Core;
using Raft.Actors.KeyValue;
using Raft.Actors.StateMachine.Sessions;

namespace Raft.Host.Configuration;

/// <summary>
/// Everything the host is configured with, bound and validated in one go. Every problem names its configuration
/// key (<c>Raft:HeartbeatInterval</c>, ...), so a bad value stops start-up with a message that says what to fix.
/// </summary>
public sealed class HostSettings
{
    public const string RaftSection = "Raft";
    public const string SimulationSection = "Simulation";
    public const string SessionsSection = "Sessions";

    /// <summary>Any settable option name of the Raft section, where it is not already part of a key path.</summary>
    private static readonly Regex OptionName = new(
        $@"(?<![\w:])({string.Join("|", new[] { typeof(GroupSettings), typeof(RaftOptions) }.SelectMany(t => t.GetProperties()).Where(p => p.CanWrite).Select(p => p.Name))})\b",
        RegexOptions.CultureInvariant);

    private HostSettings(GroupSettings group, RaftOptions raft, StorageSettings storage, SimulationSettings simulation, HttpSettings http)
    {
        Group = group;
        Raft = raft;
        Storage = storage;
        Simulation = simulation;
        Http = http;
    }

    public GroupSettings Group { get; }

    public StorageSettings Storage { get; }

    public RaftOptions Raft { get; }

    public SimulationSettings Simulation { get; }

    public HttpSettings Http { get; }

    /// <summary>Binds and validates the <c>Raft</c> section (group, Raft options, storage, sessions), the <c>Simulation</c> and the <c>Http</c> sections.</summary>
    /// <exception cref="HostConfigurationException">Listing every problem found, each naming its key.</exception>
    public static HostSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var raftSection = configuration.GetSection(RaftSection);
        var simulationSection = configuration.GetSection(SimulationSection);
        var httpSection = configuration.GetSection(HttpSettings.Section);
        CheckKnownKeys(raftSection, [typeof(GroupSettings), typeof(RaftOptions), typeof(StorageSettings)], problems);
        CheckKnownKeys(simulationSection, [typeof(SimulationSettings)], problems);
        CheckKnownKeys(httpSection, [typeof(HttpSettings)], problems);
        var bindingProblems = new List<string>();
        var settings = new HostSettings(
            Bind<GroupSettings>(raftSection, bindingProblems),
            Bind<RaftOptions>(raftSection, bindingProblems),
            Bind<StorageSettings>(raftSection, bindingProblems),
            Bind<SimulationSettings>(simulationSection, bindingProblems),
            Bind<HttpSettings>(httpSection, bindingProblems));
        problems.AddRange(bindingProblems);

        // Values that did not convert were left at their defaults: checking the rest against those would mislead.
        if (bindingProblems.Count == 0)
        {
            problems.AddRange(settings.Problems());
        }

        return problems.Count == 0 ? settings : throw new HostConfigurationException(problems);
    }

    /// <summary>
    /// The group these settings describe, running the key-value example state machine inside a session state machine
    /// (so retried writes apply once), journaled by the system's default plugins; the host gives it its storage's plugin ids.
    /// </summary>
    public RaftGroupSettings ToGroupSettings() => new()
    {
        ClusterId = Group.ClusterId,
        MemberIds = Group.Members,
        Options = Raft,
        ProposalTimeout = Group.ProposalTimeout,
        StateMachineFactory = _ => new SessionStateMachine(new KeyValueStateMachine(), Group.Sessions),
    };

    private List<string> Problems()
    {
        // The library names the setting at fault; the configuration key is that name in the Raft section.
        var problems = new List<string>();
        problems.AddRange(ToGroupSettings().Problems().Select(QualifyOptionNames));
        problems.AddRange(Raft.Problems().Select(QualifyOptionNames));
        problems.AddRange(Storage.Problems());
        problems.AddRange(Group.Sessions.Problems().Select(p => $"{RaftSection}:{SessionsSection}:{p}"));
        problems.AddRange(Simulation.Problems());
        problems.AddRange(Http.Problems());
        return problems;
    }

    private static T Bind<T>(IConfigurationSection section, List<string> problems)
        where T : new()
    {
        var value = new T();
        try
        {
            section.Bind(value);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value: "Failed to convert configuration value 'x' at 'Raft:HeartbeatInterval' to type 'System.TimeSpan'."
            problems.Add(ex.Message);
        }

        return value;
    }

    /// <summary>Reports keys that no setting reads (a misspelt key would otherwise be ignored without a word).</summary>
    private static void CheckKnownKeys(IConfigurationSection section, Type[] types, List<string> problems)
    {
        var properties = types
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                problems.Add($"{child.Path} is not a known setting (known in {section.Path}: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}).");
            }
            else if (property.PropertyType == typeof(SnapshotPolicy) || property.PropertyType == typeof(SessionOptions))
            {
                CheckKnownKeys(child, [property.PropertyType], problems);
            }
        }
    }

    private static string QualifyOptionNames(string problem) =>
        OptionName.Replace(problem, match => $"{RaftSection}:{match.Value}");
}
