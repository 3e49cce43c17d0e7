namespace Raft.Host.Http;

/// <summary>
/// The JSON body of <c>POST /kv/{key}/cas</c>: <c>{"expected": "old" | null, "value": "new"}</c>, both UTF-8 text;
/// a null (or missing) <see cref="Expected"/> means the key must be absent.
/// </summary>
public sealed record CompareAndSetBody(string? Expected, string? Value);
