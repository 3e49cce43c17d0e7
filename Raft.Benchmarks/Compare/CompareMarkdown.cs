using System.Text;

namespace Raft.Benchmarks.Compare;

/// <summary>
/// Appends a compare run's block to the Markdown file's section <see cref="Heading"/>, after the runs already
/// there (before the next <c>## </c> heading, or at the end of the file); a file without that section gets it at its
/// end; a missing file is created.
/// </summary>
internal static class CompareMarkdown
{
    public const string Heading = "## Side by side with DotNext.Net.Cluster (`compare`)";

    public static void Append(string path, IReadOnlyList<string> block)
    {
        var lines = File.Exists(path) ? [.. File.ReadAllLines(path)] : new List<string>();
        var section = lines.FindIndex(l => l.Trim() == Heading);
        int at;
        if (section < 0)
        {
            lines.AddRange(lines.Count > 0 && lines[^1].Trim().Length > 0 ? ["", Heading] : [Heading]);
            at = lines.Count;
        }
        else
        {
            var next = lines.FindIndex(section + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
            at = next < 0 ? lines.Count : next;
        }

        // One blank line before the block and one after it, whatever surrounds it.
        while (at > 0 && lines[at - 1].Trim().Length == 0)
        {
            lines.RemoveAt(--at);
        }

        var inserted = new List<string> { "" };
        inserted.AddRange(block);
        if (at < lines.Count)
        {
            inserted.Add("");
        }

        lines.InsertRange(at, inserted);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
