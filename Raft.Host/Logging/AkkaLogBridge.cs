using Akka.Actor;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Raft.Host.Logging;

/// <summary>
/// Akka's logger for the host: hands each Akka log event to Microsoft.Extensions.Logging as a message and an
/// exception, under the category of the class that logged it. Akka.Hosting's own bridge renders the whole event,
/// stack trace of its cause included, into the message text, where no formatter can leave the stack out.
/// </summary>
internal sealed class AkkaLogBridge : LoggerFactoryLogger
{
    private readonly ILoggerFactory _factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value.LoggerFactory;

    // Only this actor's thread reads and writes it.
    private readonly Dictionary<Type, ILogger> _loggers = [];

    protected override void Log(LogEvent log, ActorPath path)
    {
        if (!_loggers.TryGetValue(log.LogClass, out var logger))
        {
            // Events logged under a plain string source carry a placeholder class: name them "Akka".
            var category = log.LogClass == typeof(DummyClassForStringSources) ? "Akka" : log.LogClass.FullName ?? log.LogClass.Name;
            _loggers[log.LogClass] = logger = _factory.CreateLogger(category);
        }

        logger.Log(LevelOf(log.LogLevel()), default, $"{log.LogSource}: {log.Message}", log.Cause, static (message, _) => message);
    }

    private static LogLevel LevelOf(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.DebugLevel => LogLevel.Debug,
        AkkaLogLevel.InfoLevel => LogLevel.Information,
        AkkaLogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
