namespace Raft.Actors.StateMachine.Sessions;

/// <summary>
/// The sessions of a <see cref="SessionStateMachine"/>, in least-recently-used order. Sessions are touched in log
/// index order, so that order is also the order of their <see cref="ClientSession.LastIndex"/>: the idle ones are at the front.
/// </summary>
internal sealed class SessionTable
{
    private readonly Dictionary<string, ClientSession> _sessions = new(StringComparer.Ordinal);
    private readonly LinkedList<ClientSession> _byLastUse = [];

    public int Count => _sessions.Count;

    /// <summary>The sessions, least recently used first.</summary>
    public IEnumerable<ClientSession> InUseOrder => _byLastUse;

    public ClientSession? Find(string clientId) => _sessions.GetValueOrDefault(clientId);

    /// <summary>Opens a session, evicting the least recently used ones while the table holds <paramref name="max"/> or more.</summary>
    public ClientSession Open(string clientId, int max)
    {
        while (_sessions.Count >= max && _byLastUse.First is { } oldest)
        {
            Remove(oldest.Value);
        }

        var session = new ClientSession(clientId);
        _sessions.Add(clientId, session);
        session.Node = _byLastUse.AddLast(session);
        return session;
    }

    /// <summary>Adds a session read from a snapshot, as the most recently used so far.</summary>
    public void Add(ClientSession session)
    {
        if (!_sessions.TryAdd(session.ClientId, session))
        {
            throw new FormatException($"The session snapshot holds client '{session.ClientId}' twice.");
        }

        session.Node = _byLastUse.AddLast(session);
    }

    /// <summary>Records a command of <paramref name="session"/> at <paramref name="index"/>.</summary>
    public void Touch(ClientSession session, long index)
    {
        session.LastIndex = index;
        _byLastUse.Remove(session.Node!);
        _byLastUse.AddLast(session.Node!);
    }

    /// <summary>Removes the sessions whose last command is more than <paramref name="idleEntries"/> indexes before <paramref name="index"/>.</summary>
    public void ExpireIdle(long index, long idleEntries)
    {
        while (_byLastUse.First is { } oldest && index - oldest.Value.LastIndex > idleEntries)
        {
            Remove(oldest.Value);
        }
    }

    private void Remove(ClientSession session)
    {
        _sessions.Remove(session.ClientId);
        _byLastUse.Remove(session.Node!);
        session.Node = null;
    }
}
