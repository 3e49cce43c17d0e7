namespace Raft.Host.Http;

/// <summary>Reports the members this process can see, for <c>GET /status</c>: every member in <c>run</c> mode.</summary>
public delegate Task<IReadOnlyList<MemberStatusView>> StatusSource(CancellationToken cancellationToken);
