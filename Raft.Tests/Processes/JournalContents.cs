using Akka.Actor;
using Akka.TestKit;
using Raft.Actors.Configuration;
using Raft.Actors.Core;
using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Raft.Tests.Persistence;

namespace Raft.Tests.Processes;

/// <summary>Reads what a member's SQLite journal holds, through the peer's own recovery, after its process is gone.</summary>
internal static class JournalContents
{
    /// <exception cref="FileNotFoundException">The member has no journal file there: opening one would create it empty and hide the mistake.</exception>
    public static async Task<JournalRecovery> ReadAsync(TestKitBase kit, string dataDirectory, string clusterId, string memberId)
    {
        // Node mode gives each member its own SQLite file (raft.{member}.db) in its data directory.
        var file = Path.Combine(dataDirectory, $"{RaftStorage.DefaultName}.{memberId}.db");
        if (!File.Exists(file))
        {
            var present = Directory.Exists(dataDirectory) ? string.Join(", ", Directory.EnumerateFileSystemEntries(dataDirectory).Select(Path.GetFileName)) : "the directory does not exist";
            throw new FileNotFoundException($"{memberId}'s journal {file} does not exist (in {dataDirectory}: {(present.Length == 0 ? "nothing" : present)}).", file);
        }

        using var storage = RaftStorage.OpenSqlite(dataDirectory, [memberId]);
        var system = ActorSystem.Create($"reader-{memberId}", storage.AddTo(BootstrapSetup.Create().WithConfig(RaftConfig.Default)));
        try
        {
            var probe = kit.CreateTestProbe();
            system.ActorOf(RecoveryReader.Props(RaftPeerSettings.PersistenceIdOf(clusterId, memberId), storage.JournalPluginIdFor(memberId), storage.SnapshotPluginIdFor(memberId), probe.Ref));
            var answer = await probe.ExpectMsgAsync<object>(TimeSpan.FromSeconds(30));
            return answer switch
            {
                RecoveryReader.Recovered recovered => recovered.State,
                RecoveryReader.RecoveryFailed failed => throw new InvalidOperationException($"{memberId}'s journal does not recover: {failed.Reason.Message}", failed.Reason),
                _ => throw new InvalidOperationException($"unexpected {answer}"),
            };
        }
        finally
        {
            await system.Terminate();
        }
    }
}
