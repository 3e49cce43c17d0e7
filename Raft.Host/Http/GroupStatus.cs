using Raft.Actors.Cluster;

namespace Raft.Host.Http;

/// <summary>The <see cref="StatusSource"/> of a group whose members all run in this process (the <c>run</c> mode).</summary>
public static class GroupStatus
{
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(2);

    public static StatusSource Of(RaftGroupClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return async cancellationToken => await Task.WhenAll(client.MemberIds.Select(id => DescribeAsync(client, id, cancellationToken))).ConfigureAwait(false);
    }

    private static async Task<MemberStatusView> DescribeAsync(RaftGroupClient client, string memberId, CancellationToken cancellationToken)
    {
        try
        {
            var s = await client.StatusAsync(memberId, AnswerLimit, cancellationToken).ConfigureAwait(false);
            return new MemberStatusView(memberId, s.Role.ToString().ToLowerInvariant(), s.Term, s.LeaderId, s.CommitIndex, s.LastApplied, s.LastLogIndex, s.SnapshotIndex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            return new MemberStatusView(memberId, "down", 0, null, 0, 0, 0, 0);
        }
    }
}
