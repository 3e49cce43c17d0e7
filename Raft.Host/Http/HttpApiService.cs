using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Raft.Actors.KeyValue;
using Raft.Host.Configuration;

namespace Raft.Host.Http;

/// <summary>Serves the key-value API for the lifetime of the host, on <see cref="HttpSettings.Urls"/>.</summary>
internal sealed class HttpApiService(HttpSettings settings, KeyValueClient client, StatusSource status, ILoggerFactory loggerFactory) : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<HttpApiService>();
    private KeyValueHttpServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = await KeyValueHttpServer.StartAsync(settings.ListenUrls, client, status, loggerFactory, cancellationToken);
        Log.HttpListening(_logger, string.Join(", ", _server.Urls));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
