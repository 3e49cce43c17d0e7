using Raft.Actors.Persistence;

namespace Raft.Benchmarks.Journals;

/// <summary>The journals the benchmark can run on (<c>--journal</c>).</summary>
internal enum JournalKind
{
    InMemory,
    Sqlite,
    Postgres,
}

/// <summary>What <c>--journal</c>, <c>--data-dir</c> and <c>--postgres</c> asked for.</summary>
internal sealed record JournalSettings(JournalKind Kind, string? DataDirectory, string? PostgresConnectionString, bool KeepData)
{
    public override string ToString() => Kind switch
    {
        JournalKind.InMemory => "inmemory",
        JournalKind.Sqlite => "sqlite",
        JournalKind.Postgres => "postgres",
        _ => Kind.ToString(),
    };
}

/// <summary>
/// The one place the benchmark chooses and opens journals. Each run gets fresh storage: its own cluster id, and for
/// file journals its own directory (removed at the end unless <c>--keep-data</c>). <see cref="Open"/> opens a member's
/// storage; opening the same member again reopens what was written before, like reopening a file — for the in-memory
/// journal that means handing back the same instance (which allows reopening after Dispose).
/// </summary>
internal sealed class JournalFactory : IDisposable
{
    private readonly Dictionary<string, InMemoryJournal> _inMemory = new(StringComparer.Ordinal);
    private readonly JournalSettings _settings;
    private readonly string? _directory;
    private bool _createdDirectory;

    public JournalFactory(JournalSettings settings, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        ClusterId = clusterId;
        if (settings.Kind == JournalKind.Sqlite)
        {
            _directory = Path.Combine(settings.DataDirectory ?? Path.GetTempPath(), "raft-bench-" + clusterId);
        }
    }

    public string ClusterId { get; }

    /// <summary>Where the run's journals live, for the output.</summary>
    public string Location => _settings.Kind switch
    {
        JournalKind.Sqlite => $"SQLite files in {_directory}",
        JournalKind.Postgres => $"PostgreSQL, cluster id {ClusterId}",
        _ => "in memory",
    };

    /// <summary>Opens <paramref name="memberId"/>'s journal of this run: a fresh one the first time, what was written before after that.</summary>
    public IRaftJournal Open(string memberId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(memberId);
        switch (_settings.Kind)
        {
            case JournalKind.InMemory:
                lock (_inMemory)
                {
                    if (!_inMemory.TryGetValue(memberId, out var journal))
                    {
                        journal = new InMemoryJournal($"memory:{ClusterId}/{memberId}");
                        _inMemory[memberId] = journal;
                    }

                    return journal;
                }

            case JournalKind.Sqlite:
                EnsureDirectory();
                return new SqliteJournal(Path.Combine(_directory!, memberId + ".db"), ClusterId, memberId);
            case JournalKind.Postgres:
                return new PostgresJournal(_settings.PostgresConnectionString!, ClusterId, memberId);
            default:
                throw new ArgumentOutOfRangeException(nameof(memberId), _settings.Kind, $"No journal for {_settings.Kind}.");
        }
    }

    /// <summary>Removes the run's directory (file journals) unless asked to keep it. PostgreSQL rows stay: the run's cluster id names them.</summary>
    public void Dispose()
    {
        if (_createdDirectory && !_settings.KeepData && _directory is not null && Directory.Exists(_directory))
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"Could not remove {_directory}: {ex.Message}");
            }
            catch (UnauthorizedAccessException ex)
            {
                Console.Error.WriteLine($"Could not remove {_directory}: {ex.Message}");
            }
        }
    }

    /// <summary>Creates the run's directory on first use; the SQLite case calls it.</summary>
    private void EnsureDirectory()
    {
        if (_directory is not null && !_createdDirectory)
        {
            Directory.CreateDirectory(_directory);
            _createdDirectory = true;
        }
    }
}
