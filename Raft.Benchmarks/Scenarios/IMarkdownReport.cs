using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Scenarios;

/// <summary>
/// A scenario whose result is more than one row of the results table (<c>compare</c>'s table): <c>--markdown FILE</c>
/// appends its own block to FILE instead of a row.
/// </summary>
internal interface IMarkdownReport
{
    void AppendMarkdown(string path, MachineInfo machine, string command);
}
