using System.Text;
using Raft.Actors.StateMachine;

namespace Raft.Tests.Sessions;

/// <summary>An inner state machine that records every command it applies, answers with their count so far, and snapshots that record.</summary>
internal sealed class RecordingMachine : IStateMachine
{
    private List<string> _applied = [];

    public IReadOnlyList<string> Applied => _applied;

    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        _applied.Add(Encoding.UTF8.GetString(command.Span));
        return Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetString(command.Span)}#{_applied.Count}");
    }

    public byte[] TakeSnapshot() => Encoding.UTF8.GetBytes(string.Join('\n', _applied));

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        var text = Encoding.UTF8.GetString(snapshot.Span);
        if (text.StartsWith("damaged", StringComparison.Ordinal))
        {
            throw new FormatException("The recording snapshot is damaged.");
        }

        _applied = text.Length == 0 ? [] : [.. text.Split('\n')];
    }

    public byte[] Query(ReadOnlyMemory<byte> query) => Encoding.UTF8.GetBytes(_applied.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
