using Akka.Actor;
using Akka.Configuration;
using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Raft.Actors.Protocol;

namespace Raft.Tests.Persistence;

/// <summary>
/// The entry point of the test assembly, used only by <see cref="CrashRecovery"/>: run as
/// <c>dotnet Raft.Tests.dll crash-writer KIND LOCATION CLUSTER ROUND</c>, it leads a one-member group on that
/// storage and proposes until it is killed, printing <c>leader TERM</c> when it leads and <c>applied INDEX VALUE</c>
/// for each command applied, that is committed, that is durable. The test host never calls it.
/// </summary>
public static class CrashWriterProgram
{
    public const string Command = "crash-writer";

    /// <summary>A writer the test failed to kill still stops.</summary>
    public const long MaxCommands = 2_000_000;

    /// <summary>A Raft snapshot (and so a compaction) every this many entries, so kills also land during compaction.</summary>
    public const long SnapshotEvery = 500;

    public static int Main(string[] args)
    {
        if (args is not [Command, var kind, var location, var cluster, var roundText])
        {
            return 0;
        }

        var round = long.Parse(roundText, System.Globalization.CultureInfo.InvariantCulture);
        using var storage = RaftStorage.Open(kind, location);
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
        using var system = ActorSystem.Create("crash-writer", storage.AddTo(BootstrapSetup.Create().WithConfig(config)));
        var settings = SingleMemberGroup.Settings(cluster, storage, () => new AppliedLogStateMachine(), SnapshotEvery);
        var peer = system.ActorOf(RaftPeer.Props(settings), SingleMemberGroup.MemberId);
        system.ActorOf(Props.Create(() => new CrashWriterClient(peer, round)), "client");
        system.WhenTerminated.Wait();
        return 0;
    }

    /// <summary>Keeps batches of proposals in flight and prints what was applied.</summary>
    private sealed class CrashWriterClient : ReceiveActor
    {
        private const int InFlight = 64;

        private readonly IActorRef _peer;
        private readonly Random _random;
        private readonly long _firstValue;
        private long _sent;
        private long _applied;

        public CrashWriterClient(IActorRef peer, long round)
        {
            _peer = peer;
            _random = new Random((int)round);
            _firstValue = round << 32;
            Receive<ClientProtocol.RoleChanged>(changed =>
            {
                if (changed.Role == RaftRole.Leader)
                {
                    Console.Out.WriteLine($"leader {changed.Term}");
                    ProposeMore();
                }
            });
            Receive<ClientProtocol.BatchAccepted>(_ => { });
            Receive<ClientProtocol.ProposalApplied>(applied => Applied([applied]));
            Receive<ClientProtocol.ProposalsApplied>(applied => Applied(applied.Results));
            ReceiveAny(other =>
            {
                Console.Error.WriteLine($"crash writer: unexpected {other}");
                Context.System.Terminate();
            });
        }

        protected override void PreStart() => _peer.Tell(new PeerMessages.SubscribeTransitions(Self));

        private void Applied(ClientProtocol.ProposalApplied[] results)
        {
            foreach (var result in results)
            {
                Console.Out.WriteLine($"applied {result.Index} {AppliedLogStateMachine.ValueOf(result.Result)}");
                _applied++;
            }

            ProposeMore();
        }

        private void ProposeMore()
        {
            while (_sent - _applied < InFlight && _sent < MaxCommands)
            {
                var commands = new byte[_random.Next(1, 17)][];
                for (var i = 0; i < commands.Length; i++)
                {
                    commands[i] = AppliedLogStateMachine.Command(_firstValue + _sent++);
                }

                _peer.Tell(new ClientProtocol.ProposeBatch(commands));
            }
        }
    }
}
