using Akka.Hosting;
using Akka.Persistence.Sql.Config;

namespace Raft.Actors.Persistence;

/// <summary>Adds a <see cref="RaftStorage"/> to an Akka.Hosting actor system.</summary>
public static class RaftStorageHostingExtensions
{
    /// <summary>
    /// Adds the storage's HOCON as a fallback (the host's own configuration wins) and its data options, merged into
    /// any <see cref="MultiDataOptionsSetup"/> the builder already has.
    /// </summary>
    public static AkkaConfigurationBuilder WithRaftStorage(this AkkaConfigurationBuilder builder, RaftStorage storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);
        builder.AddHocon(storage.Config, HoconAddMode.Append);
        var existing = builder.Setups.OfType<MultiDataOptionsSetup>().FirstOrDefault();
        if (existing is not null)
        {
            storage.AddDataOptions(existing);
        }
        else
        {
            builder.AddSetup(storage.AddDataOptions(new MultiDataOptionsSetup()));
        }

        return builder;
    }
}
