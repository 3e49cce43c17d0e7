namespace Raft.Host.Http;

/// <summary>The JSON body of every 4xx and 5xx answer: <c>{"error": "..."}</c>.</summary>
public sealed record ErrorBody(string Error);
