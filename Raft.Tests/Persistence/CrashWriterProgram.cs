namespace Raft.Tests.Persistence;

/// <summary>The entry point of the test assembly; placeholder until the crash writer is written.</summary>
public static class CrashWriterProgram
{
    public static int Main(string[] args) => args.Length;
}
