using System.Threading.Channels;
using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

/// <summary>
/// The client's picture of who leads: the latest <see cref="ClientProtocol.RoleChanged"/> of each running member,
/// and the watchers they are passed on to. Written by the dispatcher (which drops notifications of a member's
/// earlier incarnation), read by callers on any thread.
/// </summary>
internal sealed class RoleBoard
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ClientProtocol.RoleChanged> _latest = new(StringComparer.Ordinal);
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly List<Channel<ClientProtocol.RoleChanged>> _watchers = [];
    private bool _completed;

    public void Started(string memberId)
    {
        lock (_gate)
        {
            _running.Add(memberId);
            _latest.Remove(memberId);
        }
    }

    public void Stopped(string memberId)
    {
        lock (_gate)
        {
            _running.Remove(memberId);
            _latest.Remove(memberId);
        }
    }

    public void Update(ClientProtocol.RoleChanged change)
    {
        lock (_gate)
        {
            if (!_running.Contains(change.MemberId))
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
    /// anyone reported, unless it has itself since reported not leading in that term or later. Null while no
    /// running member knows of a leader.
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
                    if (named is null || change.Term <= term || !_running.Contains(named))
                    {
                        continue;
                    }

                    if (_latest.TryGetValue(named, out var own) && own.Role != RaftRole.Leader && own.Term >= change.Term)
                    {
                        continue;
                    }

                    (leader, term) = (named, change.Term);
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

    /// <summary>Ends every watcher's stream: the client has stopped.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _running.Clear();
            _latest.Clear();
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }

            _watchers.Clear();
        }
    }
}
