using Raft.Host.Configuration;

namespace Raft.Tests.Host;

/// <summary>The Akka configuration the host ships and loads: the repository root's akka.hocon, copied to the output.</summary>
public sealed class AkkaHoconTests
{
    [Fact]
    public void The_shipped_akka_hocon_keeps_the_members_state_in_the_in_memory_plugins()
    {
        var config = AkkaHocon.Load(AppContext.BaseDirectory);

        Assert.Equal("akka.persistence.journal.inmem", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.inmem", config.GetString("akka.persistence.snapshot-store.plugin"));
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
