using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Raft.Host.Logging;

/// <summary>
/// The host's console format (<c>Logging:Console:FormatterName</c> = <c>oneline</c>): one line per entry, with
/// time, level, category, event id and message; an exception is shown by type and message, its inner exceptions'
/// too, never by its stack trace, so a storage or journal failure reads as one line. Set the formatter name to
/// <c>simple</c> for stack traces.
/// </summary>
internal sealed class OneLineConsoleFormatter : ConsoleFormatter
{
    public const string FormatterName = "oneline";

    private readonly IOptionsMonitor<ConsoleFormatterOptions> _options;

    public OneLineConsoleFormatter(IOptionsMonitor<ConsoleFormatterOptions> options)
        : base(FormatterName) => _options = options;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var options = _options.CurrentValue;
        if (options.TimestampFormat is { } format)
        {
            var now = options.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
            textWriter.Write(now.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
        }

        textWriter.Write(LevelOf(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        WriteOneLine(textWriter, message);
        for (var exception = logEntry.Exception; exception is not null; exception = exception.InnerException)
        {
            textWriter.Write(exception == logEntry.Exception ? " (" : " <- ");
            textWriter.Write(exception.GetType().Name);
            textWriter.Write(": ");
            WriteOneLine(textWriter, exception.Message);
            textWriter.Write(exception.InnerException is null ? ")" : "");
        }

        textWriter.WriteLine();
    }

    private static void WriteOneLine(TextWriter writer, string? text) =>
        writer.Write(text?.ReplaceLineEndings(" "));

    private static string LevelOf(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString(),
    };
}
