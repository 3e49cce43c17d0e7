using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raft.Actors.Cluster;

namespace Raft.Host.Http;

/// <summary>
/// <c>POST /leadership/transfer/{member}</c>: hands leadership to a member (thesis §3.10), e.g. before maintenance
/// of the leader's machine. 200 with the new leader and term once it leads; 400 for a member the group does not
/// have; 409 when the leader refused or the transfer failed (the body says why); 503 when no leader answered in time.
/// </summary>
public static class LeadershipEndpoints
{
    public static IEndpointRouteBuilder MapLeadershipApi(this IEndpointRouteBuilder endpoints, RaftGroupClient group)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(group);
        endpoints.MapPost("/leadership/transfer/{member}", (string member, HttpContext context) => TransferAsync(group, member, context.RequestAborted));
        return endpoints;
    }

    private static async Task<IResult> TransferAsync(RaftGroupClient group, string member, CancellationToken cancellationToken)
    {
        try
        {
            var result = await group.TransferLeadershipAsync(member, cancellationToken: cancellationToken);
            return Results.Json(new LeadershipTransferredBody(result.TargetMemberId, result.Term));
        }
        catch (ArgumentException ex)
        {
            return Results.Json(new ErrorBody(ex.Message), statusCode: StatusCodes.Status400BadRequest);
        }
        catch (LeadershipTransferException ex)
        {
            return Results.Json(new ErrorBody(ex.Message), statusCode: StatusCodes.Status409Conflict);
        }
        catch (TimeoutException ex)
        {
            return Results.Json(new ErrorBody(ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (ObjectDisposedException)
        {
            return Results.Json(new ErrorBody("The Raft group is stopping."), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
