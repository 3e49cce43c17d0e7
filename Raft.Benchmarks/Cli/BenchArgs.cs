using System.Globalization;

namespace Raft.Benchmarks.Cli;

/// <summary>
/// The options after the scenario name: <c>--name value</c> or <c>--name=value</c>. A scenario reads the ones it
/// knows through the typed getters; every problem (a bad value, an option given twice, an option the scenario does
/// not know) is collected, so the user sees them all at once.
/// </summary>
internal sealed class BenchArgs
{
    // A null value is a flag given without one (--keep-data).
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    private BenchArgs()
    {
    }

    public IReadOnlyList<string> Problems => _problems;

    public static BenchArgs Parse(IReadOnlyList<string> args)
    {
        var parsed = new BenchArgs();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                parsed._problems.Add($"'{arg}' is not an option; options look like --name value.");
                continue;
            }

            string name;
            string? value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[2..equals];
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                value = args[++i];
            }
            else
            {
                name = arg[2..];
                value = null;
            }

            if (!parsed._values.TryAdd(name, value))
            {
                parsed._problems.Add($"--{name} is given more than once.");
            }
        }

        return parsed;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? String(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value is null)
        {
            _problems.Add($"--{name} needs a value.");
        }

        return value;
    }

    /// <summary>A switch: present (optionally <c>=true</c>/<c>=false</c>) or absent.</summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var value))
        {
            return false;
        }

        switch (value?.ToUpperInvariant())
        {
            case null or "TRUE":
                return true;
            case "FALSE":
                return false;
            default:
                _problems.Add($"--{name} is a switch: give it alone, or as --{name}=true / --{name}=false.");
                return false;
        }
    }

    public int Int(string name, int defaultValue, int min, int max = int.MaxValue) =>
        (int)Long(name, defaultValue, min, max);

    public long Long(string name, long defaultValue, long min, long max = long.MaxValue)
    {
        if (String(name) is not { } text)
        {
            return defaultValue;
        }

        // Underscores and commas are allowed as digit separators: --entries 1_000_000.
        var digits = text.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (!long.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            _problems.Add($"--{name} '{text}' is not a whole number.");
            return defaultValue;
        }

        if (value < min || value > max)
        {
            _problems.Add(max == long.MaxValue
                ? $"--{name} ({value}) must be at least {min}."
                : $"--{name} ({value}) must be between {min} and {max}.");
            return defaultValue;
        }

        return value;
    }

    /// <summary>A duration given in (possibly fractional) <paramref name="unit"/>s, e.g. <c>--seconds 2.5</c>.</summary>
    public TimeSpan Duration(string name, TimeSpan defaultValue, TimeSpan min, TimeSpan unit)
    {
        if (String(name) is not { } text)
        {
            return defaultValue;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var count) || double.IsNaN(count) || double.IsInfinity(count))
        {
            _problems.Add($"--{name} '{text}' is not a number.");
            return defaultValue;
        }

        var value = unit * count;
        if (value < min)
        {
            _problems.Add($"--{name} ({text}) must be at least {min.TotalMilliseconds / unit.TotalMilliseconds} ({min.TotalMilliseconds} ms).");
            return defaultValue;
        }

        return value;
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive), returned as spelt in the list.</summary>
    public string Choice(string name, string defaultValue, params string[] choices)
    {
        if (String(name) is not { } text)
        {
            return defaultValue;
        }

        var match = Array.Find(choices, c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            _problems.Add($"--{name} '{text}' must be one of: {string.Join(", ", choices)}.");
            return defaultValue;
        }

        return match;
    }

    public void Problem(string problem) => _problems.Add(problem);

    /// <summary>Reports every option given that no getter asked for: the scenario does not know it.</summary>
    public void RejectUnread(string scenario)
    {
        var known = _read.Order(StringComparer.Ordinal).Select(n => "--" + n);
        foreach (var name in _values.Keys.Where(n => !_read.Contains(n)).Order(StringComparer.Ordinal))
        {
            _problems.Add($"--{name} is not an option of '{scenario}' (its options: {string.Join(", ", known)}).");
        }
    }
}
