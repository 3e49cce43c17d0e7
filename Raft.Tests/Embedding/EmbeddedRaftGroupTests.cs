using System.Buffers.Binary;
using Raft.Actors.Embedding;
using Raft.Actors.Messages;
using Raft.Actors.Peer;
using Raft.Actors.Testing;

namespace Raft.Tests.Embedding;

/// <summary>The embedded group on the real thread-pool runtime: wall-clock time, so every wait has a deadline and none polls.</summary>
public sealed class EmbeddedRaftGroupTests
{
    private static readonly TimeSpan ElectionDeadline = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Three_peers_elect_a_leader_within_two_seconds()
    {
        await using var group = StartGroup();

        var elected = await WaitForRoleChange(group, c => c.Role == RaftRole.Leader, ElectionDeadline, "first election");

        Assert.Contains(elected.MemberId, group.MemberIds);
        Assert.True(elected.Term >= 1, $"leader {elected.MemberId} has term {elected.Term}");
    }

    [Fact]
    public async Task A_proposal_returns_the_state_machines_result()
    {
        await using var group = StartGroup();
        await WaitForRoleChange(group, c => c.Role == RaftRole.Leader, ElectionDeadline, "first election");

        var first = await group.ProposeAsync([1, 2, 3]);
        var second = await group.ProposeAsync([4]);

        // The checksum machine answers with the number of commands applied so far.
        Assert.Equal(1, BinaryPrimitives.ReadInt64LittleEndian(first.Result));
        Assert.Equal(2, BinaryPrimitives.ReadInt64LittleEndian(second.Result));
        Assert.Equal(first.Index + 1, second.Index);
        Assert.Equal(first.Term, second.Term);
    }

    [Fact]
    public async Task After_the_leader_stops_a_new_one_is_elected_and_proposals_continue()
    {
        await using var group = StartGroup();
        var first = await WaitForRoleChange(group, c => c.Role == RaftRole.Leader, ElectionDeadline, "first election");
        var before = await group.ProposeAsync([1]);

        group.Stop(first.MemberId);
        var second = await WaitForRoleChange(
            group, c => c.Role == RaftRole.Leader && c.MemberId != first.MemberId && c.Term > first.Term, ElectionDeadline, $"election after stopping {first.MemberId}");
        var after = await group.ProposeAsync([2]);

        Assert.True(after.Index > before.Index, $"index after failover {after.Index}, before {before.Index}");
        Assert.Equal(2, BinaryPrimitives.ReadInt64LittleEndian(after.Result));
        Assert.True(after.Term >= second.Term, $"term after failover {after.Term}, new leader's {second.Term}");
    }

    [Fact]
    public async Task A_restarted_member_rejoins_as_follower_from_its_journal_and_applies_new_commands()
    {
        var applied = new AppliedWatcher();
        var options = Options();
        options.Observer = applied;
        await using var group = EmbeddedRaftGroup.Start(options);
        var failures = new List<string>();
        group.ActorFailed += (path, error) =>
        {
            lock (failures)
            {
                failures.Add($"{path}: {error.Message}");
            }
        };
        var first = await WaitForRoleChange(group, c => c.Role == RaftRole.Leader, ElectionDeadline, "first election");
        await group.ProposeAsync([1]);
        group.Stop(first.MemberId);
        var second = await WaitForRoleChange(group, c => c.Role == RaftRole.Leader && c.MemberId != first.MemberId, ElectionDeadline, "second election");

        group.Start(first.MemberId);
        await WaitForRoleChange(
            group,
            c => c.MemberId == first.MemberId && c.Role == RaftRole.Follower && c.LeaderId == second.MemberId,
            ElectionDeadline,
            $"{first.MemberId} following {second.MemberId} after its restart");
        var status = await group.StatusAsync(first.MemberId);
        Assert.True(status.Term >= second.Term, $"{first.MemberId} restarted in term {status.Term}, behind its leader's {second.Term}");

        // Its own write of the command may not have been durable when it stopped (the followers made it committed),
        // so what proves the rejoin is that it applies what is committed next.
        var rejoined = applied.WaitFor(first.MemberId, [2]);
        Assert.Equal(2, BinaryPrimitives.ReadInt64LittleEndian((await group.ProposeAsync([2])).Result));
        await rejoined.WaitAsync(ElectionDeadline);
        lock (failures)
        {
            Assert.Empty(failures);
        }
    }

    [Fact]
    public async Task Without_a_majority_a_proposal_times_out()
    {
        await using var group = StartGroup();
        var leader = await WaitForRoleChange(group, c => c.Role == RaftRole.Leader, ElectionDeadline, "first election");
        foreach (var member in group.MemberIds.Where(m => m != leader.MemberId))
        {
            group.Stop(member);
        }

        var error = await Assert.ThrowsAsync<TimeoutException>(() => group.ProposeAsync([1], TimeSpan.FromMilliseconds(400)));

        Assert.Contains("400 ms", error.Message);
    }

    [Fact]
    public async Task Status_of_a_stopped_member_is_refused_naming_it()
    {
        await using var group = StartGroup();
        group.Stop("n2");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => group.StatusAsync("n2"));

        Assert.Contains("'n2'", error.Message);
        Assert.False(group.IsRunning("n2"));
    }

    [Fact]
    public async Task Disposing_ends_role_watchers_and_refuses_proposals()
    {
        var group = StartGroup();
        var watching = Task.Run(async () =>
        {
            var seen = 0;
            await foreach (var _ in group.WatchRoleChanges())
            {
                seen++;
            }

            return seen;
        });

        await group.DisposeAsync();

        await watching.WaitAsync(ElectionDeadline);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => group.ProposeAsync([1]));
    }

    [Fact]
    public void Duplicate_member_ids_are_refused_naming_the_id()
    {
        var options = Options();
        options.MemberIds = ["n1", "n2", "n1"];

        var error = Assert.Throws<ArgumentException>(() => EmbeddedRaftGroup.Start(options));

        Assert.Contains("MemberIds lists 'n1' 2 times", error.Message);
    }

    [Fact]
    public void Invalid_raft_options_are_refused_naming_the_option()
    {
        var options = Options();
        options.RaftOptions.HeartbeatInterval = TimeSpan.FromMilliseconds(100);

        var error = Assert.Throws<RaftConfigurationException>(() => EmbeddedRaftGroup.Start(options));

        Assert.Contains("HeartbeatInterval (100 ms) must be at most a third of ElectionTimeoutMin (150 ms)", error.Message);
    }

    private static EmbeddedGroupOptions Options() => new() { StateMachineFactory = _ => new ChecksumStateMachine() };

    private static EmbeddedRaftGroup StartGroup() => EmbeddedRaftGroup.Start(Options());

    /// <summary>Waits for the first notification matching <paramref name="condition"/>; on timeout, fails listing what was seen.</summary>
    private static async Task<ClientProtocol.RoleChanged> WaitForRoleChange(
        EmbeddedRaftGroup group, Func<ClientProtocol.RoleChanged, bool> condition, TimeSpan within, string phase)
    {
        var seen = new List<ClientProtocol.RoleChanged>();
        var matched = new TaskCompletionSource<ClientProtocol.RoleChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in group.WatchRoleChanges(stop.Token))
                {
                    lock (seen)
                    {
                        seen.Add(change);
                    }

                    if (condition(change))
                    {
                        matched.TrySetResult(change);
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        try
        {
            return await matched.Task.WaitAsync(within);
        }
        catch (TimeoutException)
        {
            lock (seen)
            {
                Assert.Fail($"{phase}: no matching RoleChanged within {within.TotalSeconds} s; saw [{string.Join(", ", seen)}].");
            }

            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await watching;
        }
    }

    /// <summary>Completes a task when a member applies a given command (the group's synchronous observer hook).</summary>
    private sealed class AppliedWatcher : IRaftObserver
    {
        private readonly List<(string Member, byte[] Command, TaskCompletionSource Done)> _waits = [];

        public Task WaitFor(string member, byte[] command)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waits)
            {
                _waits.Add((member, command, done));
            }

            return done.Task;
        }

        public void OnApplied(string memberId, LogEntry entry)
        {
            lock (_waits)
            {
                foreach (var wait in _waits.Where(w => w.Member == memberId && w.Command.AsSpan().SequenceEqual(entry.Command)))
                {
                    wait.Done.TrySetResult();
                }
            }
        }

        public void OnRoleChanged(string memberId, RaftRole role, long term)
        {
        }

        public void OnCommitted(string memberId, long commitIndex)
        {
        }

        public void OnRestored(string memberId, long index, long term)
        {
        }
    }
}
