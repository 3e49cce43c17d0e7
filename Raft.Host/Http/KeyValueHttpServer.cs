using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Raft.Actors.KeyValue;

namespace Raft.Host.Http;

/// <summary>
/// The key-value API on Kestrel, as a <see cref="WebApplication"/> of its own, so any host (the <c>run</c> mode, a
/// one-member node, a test) serves it with one call and keeps its own Generic Host. Dispose stops it.
/// </summary>
public sealed class KeyValueHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KeyValueHttpServer(WebApplication app, IReadOnlyList<string> urls)
    {
        _app = app;
        Urls = urls;
    }

    /// <summary>The addresses it listens on, with the ports Kestrel chose for port 0.</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <exception cref="HttpApiException">It cannot listen on one of <paramref name="urls"/> (the port is taken, say).</exception>
    public static async Task<KeyValueHttpServer> StartAsync(IReadOnlyList<string> urls, KeyValueClient client, StatusSource status, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.WebHost.UseUrls([.. urls]);
        var app = builder.Build();

        // Routing answers an unknown route (404) or method (405) with an empty body: give it a message.
        app.UseStatusCodePages(context => WriteEmptyStatusAsync(context.HttpContext));
        app.MapKeyValueApi(client, status);
        app.MapLeadershipApi(client.Group);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new HttpApiException($"The HTTP API cannot listen on {string.Join(", ", urls)}: {ex.Message}", ex);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [.. urls];
        return new KeyValueHttpServer(app, bound);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static Task WriteEmptyStatusAsync(HttpContext context)
    {
        var request = context.Request;
        var message = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"No route {request.Method} {request.Path}: the API serves PUT, GET, DELETE /kv/{{key}}, POST /kv/{{key}}/cas, POST /leadership/transfer/{{member}} and GET /status.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not take {request.Method}: the API serves PUT, GET, DELETE /kv/{{key}}, POST /kv/{{key}}/cas, POST /leadership/transfer/{{member}} and GET /status.",
            var code => $"{request.Method} {request.Path}: HTTP {code}.",
        };
        return context.Response.WriteAsJsonAsync(new ErrorBody(message));
    }
}
