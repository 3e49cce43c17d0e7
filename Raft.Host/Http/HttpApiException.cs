namespace Raft.Host.Http;

/// <summary>The HTTP API cannot start; the message names the address and why.</summary>
public sealed class HttpApiException(string message, Exception inner) : Exception(message, inner);
