namespace Raft.Host.Configuration;

/// <summary>The key-value HTTP API, bound from section <c>Http</c>.</summary>
public sealed class HttpSettings
{
    public const string Section = "Http";

    /// <summary>
    /// Where the API listens, separated by ';'. Loopback unless configured otherwise: the API has no authentication,
    /// so exposing it is a decision to make on purpose. Port 0 takes a free port (the host logs which).
    /// </summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Whether the <c>run</c> mode serves the API at all.</summary>
    public bool Enabled { get; set; } = true;

    public IReadOnlyList<string> ListenUrls => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> Problems()
    {
        if (!Enabled)
        {
            return [];
        }

        var problems = new List<string>();
        if (ListenUrls.Count == 0)
        {
            problems.Add($"{Section}:{nameof(Urls)} must name at least one URL (or set {Section}:{nameof(Enabled)} to false).");
        }

        foreach (var url in ListenUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
            {
                problems.Add($"{Section}:{nameof(Urls)} '{url}' is not an http://host:port URL.");
            }
        }

        return problems;
    }
}
