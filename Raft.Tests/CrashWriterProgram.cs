using Raft.Actors.Persistence;
using Raft.Tests.Persistence;

namespace Raft.Tests;

/// <summary>
/// The entry point of this assembly, used only by <see cref="SqliteJournalCrashTests"/>: run as
/// <c>dotnet Raft.Tests.dll sqlite-crash-writer PATH CLUSTER MEMBER</c>, it appends entries to a SQLite journal until it
/// is killed, printing the last index of each write once the write has returned. The test host never calls it.
/// </summary>
public static class CrashWriterProgram
{
    public const string Command = "sqlite-crash-writer";

    /// <summary>A writer the test failed to kill still stops, rather than filling the disk.</summary>
    public const long MaxIndex = 5_000_000;

    public static int Main(string[] args)
    {
        if (args is not [Command, var path, var cluster, var member])
        {
            return 0;
        }

        using var journal = new SqliteJournal(path, cluster, member);
        var random = new Random(42);
        var next = 1L;
        while (next < MaxIndex)
        {
            // Batches of 1 to 64 entries; the hard state's term is the batch's last index, so it is checked too.
            var entries = TestEntries.Range(next, random.Next(1, 65), term: 1, commandLength: 24);
            var last = entries[^1].Index;
            journal.Write([new JournalOperation.SaveHardState(new HardState(last, member)), new JournalOperation.Append(entries)]);
            Console.Out.WriteLine(last);
            Console.Out.Flush();
            next = last + 1;
        }

        return 0;
    }
}
