using System.Text;

namespace Raft.Tests.Scenarios;

/// <summary>Distinct, readable commands for scenarios.</summary>
internal static class Commands
{
    public static byte[] Make(string tag, int number) => Encoding.UTF8.GetBytes($"{tag}-{number}");
}
