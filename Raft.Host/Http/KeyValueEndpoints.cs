using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raft.Actors.KeyValue;
using Raft.Actors.StateMachine.Sessions;
using Raft.Actors.Cluster;
using Raft.Actors.Protocol;

namespace Raft.Host.Http;

/// <summary>
/// The key-value HTTP API: <c>PUT</c>, <c>GET</c>, <c>DELETE /kv/{key}</c>, <c>POST /kv/{key}/cas</c>, <c>GET /status</c>.
/// It knows only a <see cref="KeyValueClient"/> (however that reaches the leader) and a <see cref="StatusSource"/>.
/// Bad input gets a 4xx with <c>{"error": "..."}</c>; a group that cannot answer in time, a 503.
/// </summary>
public static class KeyValueEndpoints
{
    public const string IndexHeader = "Raft-Index";
    public const string DuplicateHeader = "Raft-Duplicate";

    // JSON may escape every byte of a value as \uXXXX: six characters each, plus the expected value and the syntax.
    private const int MaxCompareAndSetBodyBytes = (12 * KeyValueLimits.MaxValueBytes) + 1024;

    private static readonly JsonSerializerOptions CompareAndSetJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapKeyValueApi(this IEndpointRouteBuilder endpoints, KeyValueClient client, StatusSource status)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(status);
        endpoints.MapPut("/kv/{key}", (string key, HttpContext context) => PutAsync(client, key, context));
        endpoints.MapGet("/kv/{key}", (string key, HttpContext context) => GetAsync(client, key, context));
        endpoints.MapDelete("/kv/{key}", (string key, HttpContext context) => DeleteAsync(client, key, context));
        endpoints.MapPost("/kv/{key}/cas", (string key, HttpContext context) => CompareAndSetAsync(client, key, context));
        endpoints.MapGet("/status", async (CancellationToken cancellationToken) => Results.Json(await status(cancellationToken)));
        return endpoints;
    }

    private static async Task<IResult> PutAsync(KeyValueClient client, string key, HttpContext context)
    {
        var (value, tooLarge) = await ReadBodyAsync(context.Request, KeyValueLimits.MaxValueBytes);
        if (tooLarge)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"A value must be at most {KeyValueLimits.MaxValueBytes} bytes.");
        }

        return await WriteAsync(client, context, () => KeyValueCommand.Set(key, value), reply => NoContent(context, reply));
    }

    private static Task<IResult> DeleteAsync(KeyValueClient client, string key, HttpContext context) =>
        WriteAsync(client, context, () => KeyValueCommand.Delete(key), reply => reply.Result.Status == KeyValueStatus.NotFound
            ? NotFound(key)
            : NoContent(context, reply));

    private static async Task<IResult> CompareAndSetAsync(KeyValueClient client, string key, HttpContext context)
    {
        var (bytes, tooLarge) = await ReadBodyAsync(context.Request, MaxCompareAndSetBodyBytes);
        if (tooLarge)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"A compare-and-set body must be at most {MaxCompareAndSetBodyBytes} bytes.");
        }

        CompareAndSetBody? body;
        try
        {
            body = JsonSerializer.Deserialize<CompareAndSetBody>(bytes, CompareAndSetJson);
        }
        catch (JsonException ex)
        {
            return Error(StatusCodes.Status400BadRequest, $"The body must be JSON {{\"expected\": \"old\" or null, \"value\": \"new\"}}: {ex.Message}");
        }

        if (body?.Value is not { } value)
        {
            return Error(StatusCodes.Status400BadRequest, "The body must be JSON {\"expected\": \"old\" or null, \"value\": \"new\"}: \"value\" is missing or null.");
        }

        var expected = body.Expected is null ? null : Encoding.UTF8.GetBytes(body.Expected);
        return await WriteAsync(client, context, () => KeyValueCommand.CompareAndSet(key, expected, Encoding.UTF8.GetBytes(value)), reply =>
            reply.Result.Status == KeyValueStatus.CompareFailed
                ? Results.Json(CompareFailed(key, reply.Result.Value), statusCode: StatusCodes.Status409Conflict)
                : NoContent(context, reply));
    }

    private static async Task<IResult> GetAsync(KeyValueClient client, string key, HttpContext context)
    {
        // A read needs no stamp; headers that are there must still make sense.
        RequestStamp.Read(context.Request.Headers, out var problem);
        if (problem is not null)
        {
            return Error(StatusCodes.Status400BadRequest, problem);
        }

        return await RunAsync(() => KeyValueCommand.Get(key), command => client.ExecuteAsync(command, null, context.RequestAborted), reply =>
            reply.Result.Status == KeyValueStatus.NotFound ? NotFound(key) : Results.Bytes(reply.Result.Value ?? [], "application/octet-stream"));
    }

    private static async Task<IResult> WriteAsync(KeyValueClient client, HttpContext context, Func<KeyValueCommand> command, Func<KeyValueReply, IResult> answer)
    {
        var stamp = RequestStamp.Read(context.Request.Headers, out var problem);
        return problem is not null
            ? Error(StatusCodes.Status400BadRequest, problem)
            : await RunAsync(command, c => client.ExecuteAsync(c, stamp, context.RequestAborted), answer);
    }

    /// <summary>Builds the command (a bad key or value is a 400), runs it, and turns the outcomes that are not the caller's fault into their status codes.</summary>
    private static async Task<IResult> RunAsync(Func<KeyValueCommand> build, Func<KeyValueCommand, Task<KeyValueReply>> run, Func<KeyValueReply, IResult> answer)
    {
        KeyValueCommand command;
        try
        {
            command = build();
        }
        catch (ArgumentException ex)
        {
            return Error(StatusCodes.Status400BadRequest, ex.Message);
        }

        try
        {
            var reply = await run(command);
            return reply.Result.Status == KeyValueStatus.Malformed
                ? Error(StatusCodes.Status400BadRequest, $"The group refused the command: {reply.Result.Error}")
                : answer(reply);
        }
        catch (SessionRejectedException ex)
        {
            return Error(StatusCodes.Status410Gone, ex.Message);
        }
        catch (ArgumentException ex)
        {
            // The group client's own check: the command, in its session envelope, exceeds the group's MaxCommandBytes
            // (set below what the key-value limits allow). Nothing was sent.
            return Error(StatusCodes.Status413PayloadTooLarge, ex.Message);
        }
        catch (ProposalFailedException ex) when (ex.Reason == ClientProtocol.ProposalFailureReason.CommandTooLarge)
        {
            // The leader's check, when it was configured with a lower limit than this node: nothing was appended.
            return Error(StatusCodes.Status413PayloadTooLarge, ex.Message);
        }
        catch (ReadFailedException ex)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, ex.Message);
        }
        catch (TimeoutException ex)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, $"The group did not apply the command in time; a write may still be applied, once: retry it with the same {RequestStamp.ClientIdHeader} and {RequestStamp.SequenceHeader}. {ex.Message}");
        }
        catch (ObjectDisposedException)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "The Raft group is stopping.");
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; tooLarge when the body holds more.</summary>
    private static async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return ([], true);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return ([], true);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), false);
    }

    private static IResult NoContent(HttpContext context, KeyValueReply reply)
    {
        context.Response.Headers[IndexHeader] = reply.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers[DuplicateHeader] = reply.Duplicate ? "true" : "false";
        return Results.NoContent();
    }

    private static IResult NotFound(string key) => Error(StatusCodes.Status404NotFound, $"Key '{key}' does not exist.");

    private static CompareFailedBody CompareFailed(string key, byte[]? current)
    {
        string? text = null;
        if (current is not null)
        {
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(current);
            }
            catch (DecoderFallbackException)
            {
                // Not text: only the base64 form describes it.
            }
        }

        var holds = current is null ? "is absent" : "holds another value";
        return new CompareFailedBody($"Key '{key}' {holds}: nothing changed.", text, current is null ? null : Convert.ToBase64String(current));
    }

    internal static IResult Error(int status, string message) => Results.Json(new ErrorBody(message), statusCode: status);
}
