using Raft.Host.Configuration;

namespace Raft.Tests.Host;

/// <summary>The Akka configuration the host ships and loads: the repository root's akka.hocon, copied to the output.</summary>
public sealed class AkkaHoconTests
{
    [Fact]
    public void The_shipped_akka_hocon_leaves_the_storage_to_the_Raft_settings()
    {
        var config = AkkaHocon.Load(AppContext.BaseDirectory);

        // Raft:Storage is the one place the storage is chosen; a persistence block here would only look like another.
        Assert.False(config.HasPath("akka.persistence"), "akka.hocon configures Akka.Persistence");
    }

    [Fact]
    public void The_shipped_akka_hocon_leaves_Ctrl_C_and_SIGTERM_to_the_host()
    {
        var config = AkkaHocon.Load(AppContext.BaseDirectory);

        // Akka's own hook would stop the group while the host's workload still proposes to it.
        Assert.False(config.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook", true));
    }

    [Fact]
    public void A_missing_akka_hocon_is_reported_naming_the_file()
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var error = Assert.Throws<HostConfigurationException>(() => AkkaHocon.Load(directory));

            Assert.StartsWith($"{Path.Combine(directory, "akka.hocon")} is missing", Assert.Single(error.Problems));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void An_akka_hocon_that_does_not_parse_is_reported_naming_the_file()
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "akka.hocon"), "akka { loglevel = ${nowhere} }");

            var error = Assert.Throws<HostConfigurationException>(() => AkkaHocon.Load(directory));

            Assert.StartsWith($"{Path.Combine(directory, "akka.hocon")} does not parse: ", Assert.Single(error.Problems));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
