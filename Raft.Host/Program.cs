using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Raft.Actors.Cluster;
using Raft.Actors.Core;
using Raft.Actors.Hosting;
using Raft.Actors.KeyValue;
using Raft.Actors.Persistence;
using Raft.Actors.Remote;
using Raft.Host.Configuration;
using Raft.Host.Http;
using Raft.Host.Logging;
using Raft.Host.Modes;

// Usage: Raft.Host [run|node|simulate] [--Section:Key=value ...]   (see docs/host.md; node: --member n1)
// Exit codes: 0 stopped by Ctrl+C / SIGTERM (or simulate passed); 1 the storage or the HTTP address cannot be used or the group failed; 2 invalid configuration;
// 255 (set by Akka.Hosting) node mode's Akka.Cluster downed or removed this node, which NodeMode logs: restart it.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
ConfigurationSources.Apply(builder.Configuration, builder.Environment, args);
HostSettings settings;
Config akkaConfig;
try
{
    settings = HostSettings.Load(builder.Configuration);
    akkaConfig = AkkaHocon.Load(AppContext.BaseDirectory);
}
catch (HostConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

builder.Services.AddSingleton(settings);
builder.Logging.AddConsoleFormatter<OneLineConsoleFormatter, ConsoleFormatterOptions>();

// Opened before anything starts, and disposed (the data directory released) only after the ActorSystem has
// terminated: disposing the host stops its hosted services, Akka's last, which waits for the system to terminate.
RaftStorage? storage = null;
try
{
    // The mode, if given, comes first; everything after it is configuration.
    switch (args is [var first, ..] && !first.StartsWith('-') && !first.StartsWith('/') ? first : null)
    {
        case null or "run":
            var group = settings.ToGroupSettings();
            storage = settings.Storage.Open(group.MemberIds);
            group = group.WithStorage(storage);
            builder.Services.AddSingleton(storage);
            builder.Services.AddAkka("raft-host", akka => akka
                .AddHocon(akkaConfig, HoconAddMode.Prepend)
                .WithRaftStorage(storage)
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLogger<AkkaLogBridge>();
                })
                .WithRaftGroup(group));
            builder.Services.AddRaftGroupClient();
            builder.Services.AddSingleton(sp => new KeyValueClient(sp.GetRequiredService<RaftGroupClient>()));
            builder.Services.AddHostedService<GroupMode>();
            if (settings.Http.Enabled)
            {
                builder.Services.AddSingleton(settings.Http);
                builder.Services.AddSingleton(sp => GroupStatus.Of(sp.GetRequiredService<RaftGroupClient>()));
                builder.Services.AddHostedService<HttpApiService>();
            }

            break;
        case "node":
            // One member per process; the others run in other processes, at the addresses Node:Members gives.
            var node = NodeSettings.Load(builder.Configuration);
            if (settings.Storage.Storage.Equals(StorageSettings.Sqlite, StringComparison.OrdinalIgnoreCase))
            {
                // Members of one group often share a machine and a working directory: one data directory each.
                settings.Storage.DataDirectory = Path.Combine(settings.Storage.DataDirectory, node.MemberId!);
            }

            storage = settings.Storage.Open([node.MemberId!]);
            var memberSettings = settings.ToMemberSettings(node) with
            {
                JournalPluginId = storage.JournalPluginIdFor(node.MemberId!),
                SnapshotPluginId = storage.SnapshotPluginIdFor(node.MemberId!),
            };
            builder.Services.AddSingleton(storage);
            builder.Services.AddAkka(NodeSettings.SystemName, akka =>
            {
                akka.AddHocon(akkaConfig, HoconAddMode.Prepend)
                    .AddHocon(node.AkkaConfig(), HoconAddMode.Prepend)
                    .WithRaftStorage(storage)
                    .ConfigureLoggers(loggers =>
                    {
                        loggers.ClearLoggers();
                        loggers.AddLogger<AkkaLogBridge>();
                    })
                    .WithRaftMember(memberSettings);
                if (node.Tls)
                {
                    akka.AddSetup(RaftRemoteTls.Setup(RaftRemoteTls.LoadCertificate(node.Certificate!, node.CertificatePassword), node.TrustedThumbprints));
                }
            });
            builder.Services.AddRaftMemberClient();
            builder.Services.AddSingleton(sp => new KeyValueClient(sp.GetRequiredService<RaftGroupClient>()));
            builder.Services.AddHostedService<NodeMode>();
            if (settings.Http.Enabled)
            {
                // Several nodes often share a machine: without Http:Urls each takes a port of its own.
                if (builder.Configuration[$"{HttpSettings.Section}:{nameof(HttpSettings.Urls)}"] is null)
                {
                    settings.Http.Urls = node.DefaultHttpUrl();
                }

                builder.Services.AddSingleton(settings.Http);
                builder.Services.AddSingleton(sp => GroupStatus.Of(sp.GetRequiredService<RaftGroupClient>()));
                builder.Services.AddHostedService<HttpApiService>();
            }
            break;
        case "simulate":
            // The simulation drives the Raft core directly, on virtual time: no ActorSystem, no storage.
            builder.Services.AddHostedService<SimulationMode>();
            break;
        case var mode:
            Console.Error.WriteLine($"Unknown mode '{mode}': use 'run' (the default), 'node' or 'simulate'.");
            return 2;
    }

    using var host = builder.Build();
    await host.RunAsync();
}
catch (HostConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
catch (RaftStorageException ex)
{
    // The message names the file or database and what is wrong with it; the stack trace would add nothing.
    Console.Error.WriteLine($"The Raft storage cannot be used: {ex.Message}");
    return 1;
}
catch (HttpApiException ex)
{
    // The port is taken, say: the message names the address.
    Console.Error.WriteLine(ex.Message);
    return 1;
}
catch (Exception ex) when (ex is ArgumentException or RaftConfigurationException)
{
    // The group refused to start (a persistence plugin akka.hocon names is not there, say): one line, no stack.
    Console.Error.WriteLine($"The Raft group cannot start: {ex.Message}");
    return 2;
}
finally
{
    storage?.Dispose();
}

return Environment.ExitCode;
