using System.Text;

namespace Raft.Benchmarks.Reporting;

/// <summary>
/// Appends a result row to a Markdown file's results table (<c>--markdown docs/benchmarks.md</c>): the row goes right
/// after the last row of the table whose header is <see cref="Header"/>, wherever that table is in the file; a file
/// without that table gets one at its end; a missing file is created holding just the table.
/// </summary>
internal static class MarkdownResults
{
    public const string Header = "| date | scenario | options | machine | result | command |";
    public const string Separator = "| --- | --- | --- | --- | --- | --- |";

    public static void Append(string path, string date, string scenario, string options, string machine, string result, string command)
    {
        var row = "| " + string.Join(" | ", new[] { date, scenario, options, machine, result, $"`{command.Replace("`", "'", StringComparison.Ordinal)}`" }.Select(Cell)) + " |";
        var lines = File.Exists(path) ? [.. File.ReadAllLines(path)] : new List<string>();
        var header = lines.FindIndex(l => l.Trim() == Header);
        if (header < 0)
        {
            if (lines.Count > 0 && lines[^1].Trim().Length > 0)
            {
                lines.Add("");
            }

            lines.Add(Header);
            lines.Add(Separator);
            lines.Add(row);
        }
        else
        {
            var end = header + 1;
            while (end < lines.Count && lines[end].TrimStart().StartsWith('|'))
            {
                end++;
            }

            lines.Insert(end, row);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>A table cell: one line, pipes escaped.</summary>
    private static string Cell(string text) =>
        text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal).Trim();
}
