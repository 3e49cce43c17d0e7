using Raft.Actors.Messages;

namespace Raft.Tests.Persistence;

/// <summary>
/// Log entries whose command bytes follow from their index and term, so any mix-up between entries shows: every
/// 8 bytes of a command spell its index, mixed with its term and position.
/// </summary>
internal static class TestEntries
{
    public static LogEntry[] Range(long first, int count, long term, int commandLength = 8) =>
        [.. Enumerable.Range(0, count).Select(offset => Entry(first + offset, term, commandLength))];

    public static LogEntry Entry(long index, long term, int commandLength = 8) => new(index, term, EntryKind.Command, Command(index, term, commandLength));

    public static byte[] Command(long index, long term, int length)
    {
        var command = new byte[length];
        for (var i = 0; i < length; i++)
        {
            command[i] = (byte)((index >> (8 * (i % 8))) ^ (term * 7) ^ i);
        }

        return command;
    }
}
