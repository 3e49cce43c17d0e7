using System.Text;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Compare;

/// <summary>
/// The compare scenario's table: one row per metric, one column per contender, and for each of our contenders the
/// lead over dotNext on that metric (× in our favour: our rate ÷ theirs, their time ÷ ours; above 1 we lead). A
/// contender that failed a workload shows the failure in its cells, and the lead is left empty.
/// </summary>
internal sealed class ComparisonTable
{
    private readonly List<ContenderRun> _runs;
    private readonly ContenderRun? _reference;
    private readonly List<Row> _rows = [];

    public ComparisonTable(IReadOnlyList<ContenderRun> runs, IReadOnlyList<int> proposers, int failovers, long entries)
    {
        _runs = [.. runs];
        _reference = _runs.Find(r => r.Name.StartsWith("dotNext", StringComparison.Ordinal));
        _rows.Add(Metric("start (empty storage) → first leader (only the first contender run starts in a cold process)", r => r.FirstLeader is null ? "no leader" : null, r => r.FirstLeader?.TotalMilliseconds, Format.Ms, higherIsBetter: false));
        foreach (var count in proposers)
        {
            var label = count == 1 ? "1 proposer" : $"{Format.Count(count)} proposers";
            Func<ContenderRun, string?> failed = r => r.Proposals.TryGetValue(count, out var m) ? m.Failure : null;
            _rows.Add(Metric($"{label}: commits/s", failed, r => Proposal(r, count, f => f.PerSecond), Format.Rate, higherIsBetter: true));
            _rows.Add(Metric($"{label}: p50 latency", failed, r => Proposal(r, count, f => f.P50 / 1e6), Format.Ms, higherIsBetter: false));
            _rows.Add(Metric($"{label}: p99 latency", failed, r => Proposal(r, count, f => f.P99 / 1e6), Format.Ms, higherIsBetter: false));
            _rows.Add(Metric($"{label}: p99.9 latency", failed, r => Proposal(r, count, f => f.P999 / 1e6), Format.Ms, higherIsBetter: false));
            _rows.Add(Text($"{label}: errors", failed, r => r.Proposals.TryGetValue(count, out var m) ? m.Value?.Errors : null));
        }

        if (failovers > 0)
        {
            Func<ContenderRun, string?> failed = r => r.Failover?.Failure;
            _rows.Add(Metric($"failover ({failovers}×): stop leader → next commit, median", failed, r => Failover(r, f => f.Median), Format.Ms, higherIsBetter: false));
            _rows.Add(Metric("failover: max", failed, r => Failover(r, f => f.Max), Format.Ms, higherIsBetter: false));
            _rows.Add(Text("failover: proposals retried", failed, r => r.Failover?.Value is { } f ? $"{f.Retries} ({f.Errors})" : null));
        }

        if (entries > 0)
        {
            var label = $"recovery ({Format.Count(entries)} entries)";
            Func<ContenderRun, string?> failed = r => r.Recovery?.Failure;
            Func<ContenderRun, string?> skipped = r => r.Recovery?.NotMeasured is { } why ? $"not measured: {why}" : null;
            _rows.Add(Metric($"{label}: writing the log", failed, r => Recovery(r, t => t.Written.TotalMilliseconds), Format.Ms, higherIsBetter: false, skipped));
            _rows.Add(Metric($"{label}: restart → recovered", failed, r => Recovery(r, t => t.Recovered.TotalMilliseconds), Format.Ms, higherIsBetter: false, skipped));
            _rows.Add(Metric($"{label}: restart → caught up", failed, r => Recovery(r, t => t.CaughtUp.TotalMilliseconds), Format.Ms, higherIsBetter: false, skipped));
        }
    }

    private IEnumerable<ContenderRun> Ours => _runs.Where(r => r != _reference);

    /// <summary>The table as aligned text for the console.</summary>
    public string ToText()
    {
        var header = Header();
        var lines = _rows.Select(Cells).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Count).Select(c => lines.Max(l => Math.Min(l[c].Length, 48))).ToArray();
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.AppendLine(string.Join("  ", line.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        }

        return text.ToString();
    }

    public string ToMarkdown()
    {
        var header = Header();
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("| " + string.Join(" | ", header.Select((_, c) => c == 0 ? "---" : "---:")) + " |");
        foreach (var row in _rows)
        {
            text.AppendLine("| " + string.Join(" | ", Cells(row).Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }

        return text.ToString();
    }

    private List<string> Header()
    {
        var header = new List<string> { "metric" };
        header.AddRange(_runs.Select(r => r.Name));
        if (_reference is not null)
        {
            header.AddRange(Ours.Select(r => $"{r.Name}: lead over dotNext"));
        }

        return header;
    }

    private List<string> Cells(Row row)
    {
        var cells = new List<string> { row.Name };
        cells.AddRange(_runs.Select(r => Cell(row, r)));
        if (_reference is not null)
        {
            cells.AddRange(Ours.Select(r => Lead(row, r, _reference)));
        }

        return cells;
    }

    private string Cell(Row row, ContenderRun run)
    {
        if (row.Failure(run) is { } failure)
        {
            return $"FAILED: {failure}";
        }

        return row.Value(run) is { } value ? row.Render(value) : row.TextOf(run) ?? "—";
    }

    private static string Lead(Row row, ContenderRun ours, ContenderRun reference)
    {
        if (row.Value(ours) is not { } mine || row.Value(reference) is not { } theirs || mine <= 0 || theirs <= 0)
        {
            return "";
        }

        var lead = row.HigherIsBetter ? mine / theirs : theirs / mine;
        return Format.Invariant($"{lead:0.00}×");
    }

    private static double? Proposal(ContenderRun run, int proposers, Func<ProposalFigures, double> figure) =>
        run.Proposals.TryGetValue(proposers, out var measured) && measured.Value is { } figures ? figure(figures) : null;

    private static double? Failover(ContenderRun run, Func<FailoverFigures, double> figure) =>
        run.Failover?.Value is { } figures ? figure(figures) : null;

    private static double? Recovery(ContenderRun run, Func<Contenders.RecoveryTimes, double> figure) =>
        run.Recovery?.Value is { } times ? figure(times) : null;

    /// <summary>A figure per contender; <paramref name="instead"/> gives the text shown where a contender has none.</summary>
    private static Row Metric(string name, Func<ContenderRun, string?> failure, Func<ContenderRun, double?> value, Func<double, string> render, bool higherIsBetter, Func<ContenderRun, string?>? instead = null) =>
        new(name, failure, value, render, higherIsBetter, instead ?? (_ => null));

    private static Row Text(string name, Func<ContenderRun, string?> failure, Func<ContenderRun, string?> text) =>
        new(name, failure, _ => null, _ => "", HigherIsBetter: false, text);

    private sealed record Row(
        string Name,
        Func<ContenderRun, string?> Failure,
        Func<ContenderRun, double?> Value,
        Func<double, string> Render,
        bool HigherIsBetter,
        Func<ContenderRun, string?> TextOf);
}
