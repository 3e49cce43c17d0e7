using System.Threading.Channels;
using Raft.Actors.Messages;

namespace Raft.Actors.Embedding;

/// <summary>
/// The group's picture of who leads: the latest <see cref="ClientProtocol.RoleChanged"/> of each running member's
/// current incarnation, and the watchers it is passed on to. A notification from a stopped incarnation (which may
/// still be finishing a message when it is stopped) is dropped, so it cannot revive a stopped member's claim.
/// </summary>
internal sealed class RoleBoard
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _incarnations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClientProtocol.RoleChanged> _latest = new(StringComparer.Ordinal);
    private readonly List<Channel<ClientProtocol.RoleChanged>> _watchers = [];
    private bool _completed;

    public void Started(string memberId, int incarnation)
    {
        lock (_gate)
        {
            _incarnations[memberId] = incarnation;
        }
    }

    public void Stopped(string memberId)
    {
        lock (_gate)
        {
            _incarnations.Remove(memberId);
            _latest.Remove(memberId);
        }
    }

    public void Update(int incarnation, ClientProtocol.RoleChanged change)
    {
        lock (_gate)
        {
            if (!_incarnations.TryGetValue(change.MemberId, out var current) || current != incarnation)
            {
                return;
            }

            _latest[change.MemberId] = change;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(change);
            }
        }
    }

    /// <summary>
    /// The running member believed to lead: the one named leader (by itself or by a follower) in the highest term
    /// anyone has reported. Null while no running member knows of a leader.
    /// </summary>
    public string? Leader
    {
        get
        {
            lock (_gate)
            {
                string? leader = null;
                long term = -1;
                foreach (var change in _latest.Values)
                {
                    var named = change.Role == RaftRole.Leader ? change.MemberId : change.LeaderId;
                    if (named is not null && _incarnations.ContainsKey(named) && change.Term > term)
                    {
                        (leader, term) = (named, change.Term);
                    }
                }

                return leader;
            }
        }
    }

    /// <summary>A new watcher's channel, primed with the latest notification of each running member.</summary>
    public ChannelReader<ClientProtocol.RoleChanged> Watch()
    {
        var channel = Channel.CreateUnbounded<ClientProtocol.RoleChanged>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            foreach (var change in _latest.Values)
            {
                channel.Writer.TryWrite(change);
            }

            if (_completed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _watchers.Add(channel);
            }
        }

        return channel.Reader;
    }

    public void Unwatch(ChannelReader<ClientProtocol.RoleChanged> reader)
    {
        lock (_gate)
        {
            _watchers.RemoveAll(w => w.Reader == reader);
        }
    }

    /// <summary>Ends every watcher's stream; the group is shutting down.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }

            _watchers.Clear();
        }
    }

}
