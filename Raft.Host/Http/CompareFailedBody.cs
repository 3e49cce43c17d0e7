namespace Raft.Host.Http;

/// <summary>The 409 answer to a compare-and-set that found another value: the message, and the value the key holds (null if none), as text and as base64.</summary>
public sealed record CompareFailedBody(string Error, string? Current, string? CurrentBase64);
