namespace Raft.Actors.Serialization;

/// <summary>
/// The manifests of <see cref="RaftSerializer"/>: stored in journals and sent between processes, so a manifest once
/// used is never changed nor given to another type. J = journal, R = Raft RPC, C = client protocol.
/// </summary>
internal static class Manifests
{
    public const char JournalFamily = 'J';
    public const char RaftFamily = 'R';

    public const string SaveHardState = "JH";
    public const string Append = "JA";
    public const string TruncateFrom = "JT";
    public const string SaveSnapshot = "JS";
    public const string JournalRecovery = "JR";

    public const string RequestVote = "RV";
    public const string RequestVoteResult = "RVR";
    public const string AppendEntries = "RA";
    public const string AppendEntriesResult = "RAR";
    public const string InstallSnapshot = "RS";
    public const string InstallSnapshotResult = "RSR";
    public const string PreVote = "RP";
    public const string PreVoteResult = "RPR";
    public const string TimeoutNow = "RT";

    // A RequestVote of an election a leader asked for (LeadershipTransfer set): the RV payload under its own manifest.
    public const string TransferRequestVote = "RTV";
    public const string ReadHeartbeat = "RRH";
    public const string ReadHeartbeatResult = "RRHR";
    public const string ReadIndexRequest = "RRI";
    public const string ReadIndexResult = "RRIR";

    public const string Propose = "CP";
    public const string ProposeBatch = "CPB";
    public const string ProposalAccepted = "CPA";
    public const string BatchAccepted = "CBA";
    public const string NotLeader = "CNL";
    public const string ProposalApplied = "CAP";
    public const string ProposalsApplied = "CAPS";
    public const string ProposalFailed = "CPF";
    public const string CommandTooLarge = "CTB";
    public const string GetStatus = "CGS";
    public const string PeerStatus = "CST";
    public const string RoleChanged = "CRC";
    public const string TransferLeadership = "CTL";
    public const string LeadershipTransferResult = "CTLR";
    public const string Read = "CR";
    public const string ReadResult = "CRR";
    public const string ReadFailed = "CRF";

    // A client on another node subscribing to a peer's role changes: it carries the subscriber's actor path.
    public const string SubscribeTransitions = "CRS";

    public static readonly IReadOnlySet<string> All = new SortedSet<string>(StringComparer.Ordinal)
    {
        SaveHardState, Append, TruncateFrom, SaveSnapshot, JournalRecovery,
        RequestVote, RequestVoteResult, AppendEntries, AppendEntriesResult, InstallSnapshot, InstallSnapshotResult,
        PreVote, PreVoteResult, TimeoutNow, TransferRequestVote,
        Propose, ProposeBatch, ProposalAccepted, BatchAccepted, NotLeader, ProposalApplied, ProposalsApplied,
        ProposalFailed, CommandTooLarge, GetStatus, PeerStatus, RoleChanged, TransferLeadership, LeadershipTransferResult, SubscribeTransitions,
        ReadHeartbeat, ReadHeartbeatResult, ReadIndexRequest, ReadIndexResult, Read, ReadResult, ReadFailed,
    };
}
