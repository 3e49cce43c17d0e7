using System.Text;

namespace Raft.Actors.StateMachine.Sessions;

/// <summary>
/// Numbers a session's commands and says which are acknowledged: the stamps of a <c>RaftSession</c>. The first
/// unacknowledged sequence is the lowest still in flight, so one slow command holds back the acknowledgement of
/// every later one, and the state machine keeps their results. Before that range reaches <see cref="MaxSequenceRange"/>
/// the sequencer continues under a new client id (<c>{id}.{n}</c>, from sequence 1), so the state machine, which keeps
/// <see cref="SessionOptions.MaxResultsPerSession"/> (default 1,000) results per session, never forgets one a retry
/// still needs. Commands already stamped keep their stamps. Until a command of the current client id is known to be
/// applied, every stamp says 1 is unacknowledged: the state machine takes a first stamp above 1 from a client it does
/// not know for a session that expired, and a session whose first commands were refused (too large) or given up
/// (timed out) without being applied has no session there yet. Thread-safe.
/// </summary>
public sealed class SessionSequencer
{
    /// <summary>How far the newest sequence may run ahead of the oldest in flight under one client id.</summary>
    public const int MaxSequenceRange = 500;

    /// <summary>Room left in a client id for the <c>.{n}</c> of later generations.</summary>
    private const int GenerationSuffixBytes = 11;

    private readonly SortedSet<long> _inFlight = [];
    private int _generation;
    private long _lastSequence;
    private bool _anyApplied;

    /// <exception cref="ArgumentException">The id is empty, or too long to take a generation suffix.</exception>
    public SessionSequencer(string clientId)
    {
        if (SessionStamp.Problem(clientId, 1, 1) is { } problem)
        {
            throw new ArgumentException(problem, nameof(clientId));
        }

        if (Encoding.UTF8.GetByteCount(clientId) > SessionStamp.MaxClientIdBytes - GenerationSuffixBytes)
        {
            throw new ArgumentException($"A session's client id must be at most {SessionStamp.MaxClientIdBytes - GenerationSuffixBytes} bytes of UTF-8, leaving room for the '.n' of later generations.", nameof(clientId));
        }

        ClientId = CurrentClientId = clientId;
    }

    public string ClientId { get; }

    /// <summary>The id new commands are stamped with: <see cref="ClientId"/>, then <c>{ClientId}.1</c>, ...</summary>
    public string CurrentClientId { get; private set; }

    /// <summary>Stamps the next command; call <see cref="Done"/> with the stamp once its result is in, or it is given up.</summary>
    public SessionStamp Next()
    {
        lock (_inFlight)
        {
            if (_inFlight.Count > 0 && _lastSequence + 1 - _inFlight.Min >= MaxSequenceRange)
            {
                _generation++;
                CurrentClientId = $"{ClientId}.{_generation}";
                _lastSequence = 0;
                _inFlight.Clear();
                _anyApplied = false;
            }

            var sequence = ++_lastSequence;
            _inFlight.Add(sequence);
            return new SessionStamp(CurrentClientId, sequence, _anyApplied ? _inFlight.Min : 1);
        }
    }

    /// <summary>
    /// The command stamped <paramref name="stamp"/> needs no more attempts: <paramref name="applied"/> when its result
    /// came back (so the state machine holds the session), false when it was given up or refused.
    /// </summary>
    public void Done(SessionStamp stamp, bool applied)
    {
        lock (_inFlight)
        {
            if (stamp.ClientId == CurrentClientId)
            {
                _inFlight.Remove(stamp.Sequence);
                _anyApplied |= applied;
            }
        }
    }
}
