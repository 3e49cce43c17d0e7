using Microsoft.AspNetCore.Http;
using Raft.Actors.StateMachine.Sessions;

namespace Raft.Host.Http;

/// <summary>
/// The session stamp a request carries in its headers: <c>Raft-Client-Id</c> and <c>Raft-Sequence</c> together, and
/// optionally <c>Raft-First-Unacknowledged</c> (default: the sequence itself, for a client with one request at a time).
/// </summary>
internal static class RequestStamp
{
    public const string ClientIdHeader = "Raft-Client-Id";
    public const string SequenceHeader = "Raft-Sequence";
    public const string FirstUnacknowledgedHeader = "Raft-First-Unacknowledged";

    /// <summary>The stamp, or null when the request has none; <paramref name="problem"/> says what is wrong with headers that do not make one.</summary>
    public static SessionStamp? Read(IHeaderDictionary headers, out string? problem)
    {
        problem = null;
        var clientId = Single(headers, ClientIdHeader, ref problem);
        var sequenceText = Single(headers, SequenceHeader, ref problem);
        var firstText = Single(headers, FirstUnacknowledgedHeader, ref problem);
        if (problem is not null)
        {
            return null;
        }

        if (clientId is null && sequenceText is null)
        {
            problem = firstText is null ? null : $"{FirstUnacknowledgedHeader} needs {ClientIdHeader} and {SequenceHeader}.";
            return null;
        }

        if (clientId is null || sequenceText is null)
        {
            problem = $"{ClientIdHeader} and {SequenceHeader} go together: this request has only {(clientId is null ? SequenceHeader : ClientIdHeader)}.";
            return null;
        }

        if (!long.TryParse(sequenceText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
        {
            problem = $"{SequenceHeader} must be a whole number from 1; it is '{sequenceText}'.";
            return null;
        }

        var first = sequence;
        if (firstText is not null && !long.TryParse(firstText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out first))
        {
            problem = $"{FirstUnacknowledgedHeader} must be a whole number from 1; it is '{firstText}'.";
            return null;
        }

        problem = SessionStamp.Problem(clientId, sequence, first);
        return problem is null ? new SessionStamp(clientId, sequence, first) : null;
    }

    private static string? Single(IHeaderDictionary headers, string name, ref string? problem)
    {
        if (!headers.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            problem ??= $"{name} must appear once; it appears {values.Count} times.";
            return null;
        }

        return values[0];
    }
}
