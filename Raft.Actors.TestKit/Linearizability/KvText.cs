using System.Text;

namespace Raft.Actors.TestKit.Linearizability;

/// <summary>Values as a person reads them in a violation report: text when printable, hex otherwise.</summary>
internal static class KvText
{
    public static string Bytes(byte[]? value)
    {
        if (value is null)
        {
            return "absent";
        }

        foreach (var b in value)
        {
            if (b is < 0x20 or > 0x7e)
            {
                return "0x" + Convert.ToHexString(value);
            }
        }

        return $"\"{Encoding.ASCII.GetString(value)}\"";
    }
}
