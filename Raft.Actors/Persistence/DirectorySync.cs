using System.Runtime.InteropServices;

namespace Raft.Actors.Persistence;

/// <summary>
/// Flushes a directory to disk. On POSIX file systems a file created or renamed survives power loss only once its
/// directory has been fsynced; .NET cannot open a directory, hence the three libc calls.
/// </summary>
internal static class DirectorySync
{
    public static void Flush(string directory)
    {
        // NTFS journals its metadata, and Windows cannot fsync a directory handle.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(directory, 0);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"Cannot flush directory {directory} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
