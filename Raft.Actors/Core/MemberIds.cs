namespace Raft.Actors.Core;

/// <summary>
/// Cluster and member ids: letters, digits, '-' and '_', at most 64 characters. They name journals, actors and
/// files, so an id is never a path piece like <c>../x</c>.
/// </summary>
public static class MemberIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="what"/> and the id when it is not valid.</summary>
    public static string Validate(string? id, string what) =>
        IsValid(id) ? id! : throw new ArgumentException($"The {what} '{id}' is not valid: use 1 to {MaxLength} letters, digits, '-' or '_'.");
}
