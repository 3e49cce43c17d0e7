using System.Net;
using System.Net.Http.Json;
using System.Text;
using Raft.Actors.StateMachine.Sessions;
using Raft.Actors.TestKit.Linearizability;

namespace Raft.Tests.Processes;

/// <summary>
/// The group through the nodes' key-value HTTP API, as a newcomer's client uses it: <c>PUT</c>, <c>GET</c>,
/// <c>DELETE /kv/{key}</c> and <c>POST /kv/{key}/cas</c>, writes stamped with <c>Raft-Client-Id</c> and
/// <c>Raft-Sequence</c>. It starts at one node (the nodes forward to the leader) and moves to the next after a failure.
/// </summary>
internal sealed class HttpApiEndpoint(HttpClient http, IReadOnlyList<Uri> nodes, int first) : IKvEndpoint
{
    public async Task<KvAttempt> TryAsync(KvInput input, SessionStamp? stamp, int attempt)
    {
        var node = nodes[(first + attempt) % nodes.Count];
        using var request = Request(input, new Uri(node, $"kv/{Uri.EscapeDataString(input.Key)}"));
        if (stamp is { } s)
        {
            request.Headers.Add("Raft-Client-Id", s.ClientId);
            request.Headers.Add("Raft-Sequence", s.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            var index = response.Headers.TryGetValues("Raft-Index", out var values) ? long.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : 0;
            return (input.Kind, response.StatusCode) switch
            {
                (KvOperationKind.Get, HttpStatusCode.OK) => KvAttempt.Answered(KvOutput.Read(body), 0, null),
                (KvOperationKind.Get, HttpStatusCode.NotFound) => KvAttempt.Answered(KvOutput.Read(null), 0, null),
                (KvOperationKind.Put, HttpStatusCode.NoContent) => KvAttempt.Answered(KvOutput.Done, index, null),
                (KvOperationKind.Delete, HttpStatusCode.NoContent) => KvAttempt.Answered(KvOutput.Deleted(true), index, null),
                (KvOperationKind.Delete, HttpStatusCode.NotFound) => KvAttempt.Answered(KvOutput.Deleted(false), index, null),
                (KvOperationKind.CompareAndSet, HttpStatusCode.NoContent) => KvAttempt.Answered(KvOutput.CompareAndSet(true), index, null),
                (KvOperationKind.CompareAndSet, HttpStatusCode.Conflict) => KvAttempt.Answered(KvOutput.CompareAndSet(false), index, null),
                (_, HttpStatusCode.ServiceUnavailable) => KvAttempt.Failed($"{node}: 503 {Encoding.UTF8.GetString(body)}"),
                (_, HttpStatusCode.Gone) => KvAttempt.Rejected($"{node}: 410 {Encoding.UTF8.GetString(body)}"),
                _ => throw new InvalidOperationException($"{node} answered {input} with {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}"),
            };
        }
        catch (HttpRequestException ex)
        {
            // Refused or cut off: the node is down or died mid-request.
            return KvAttempt.Failed($"{node}: {ex.Message}");
        }
        catch (TaskCanceledException ex)
        {
            return KvAttempt.Failed($"{node}: no answer within {http.Timeout.TotalSeconds} s ({ex.Message})");
        }
    }

    private static HttpRequestMessage Request(KvInput input, Uri uri) => input.Kind switch
    {
        KvOperationKind.Put => new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ByteArrayContent(input.Value!) },
        KvOperationKind.Get => new HttpRequestMessage(HttpMethod.Get, uri),
        KvOperationKind.Delete => new HttpRequestMessage(HttpMethod.Delete, uri),
        _ => new HttpRequestMessage(HttpMethod.Post, new Uri(uri + "/cas"))
        {
            Content = JsonContent.Create(new { expected = Text(input.Expected), value = Text(input.Value) }),
        },
    };

    private static string? Text(byte[]? value) => value is null ? null : Encoding.UTF8.GetString(value);
}
