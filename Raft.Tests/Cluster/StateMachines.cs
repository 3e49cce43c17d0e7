using System.Collections.Concurrent;
using Raft.Actors.StateMachine;

namespace Raft.Tests.Cluster;

/// <summary>A state machine factory that keeps each member's newest instance, so a test can read what a member applied.</summary>
internal sealed class StateMachines
{
    private readonly ConcurrentDictionary<string, RecordingStateMachine> _latest = new(StringComparer.Ordinal);

    /// <summary>The one member whose state machine throws on a command starting with <see cref="Poison"/>; null for none.</summary>
    public string? Poisoned { get; set; }

    public static byte[] Poison { get; } = "poison"u8.ToArray();

    public IStateMachine Create(string memberId)
    {
        var machine = new RecordingStateMachine(command => memberId == Poisoned && command.Span.StartsWith(Poison));
        _latest[memberId] = machine;
        return machine;
    }

    public IReadOnlyList<byte[]> AppliedBy(string memberId) => _latest.TryGetValue(memberId, out var machine) ? machine.Applied : [];
}
