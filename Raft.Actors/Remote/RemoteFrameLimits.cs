using Akka.Configuration;
using Raft.Actors.Core;

namespace Raft.Actors.Remote;

/// <summary>
/// Whether the largest messages members send each other fit in one Akka.Remote frame. Akka.Remote drops (and logs)
/// a message larger than <c>akka.remote.dot-netty.tcp.maximum-frame-size</c>; a follower that never receives an
/// AppendEntries or a snapshot chunk would never catch up (nor one that never receives an entry's command), so a
/// member refuses to start with limits above it.
/// </summary>
public static class RemoteFrameLimits
{
    /// <summary>The configuration key of Akka.Remote's frame size.</summary>
    public const string FrameSizeKey = "akka.remote.dot-netty.tcp.maximum-frame-size";

    /// <summary>Most bytes an entry takes in an AppendEntries besides its command (index and term deltas, kind, length).</summary>
    internal const int EntryOverheadBytes = 32;

    /// <summary>What a frame carries besides the message's fields: the envelope, the sender's and recipient's paths, ids.</summary>
    internal const int EnvelopeBytes = 8 << 10;

    /// <summary>The largest AppendEntries the options allow, as our serializer writes it, in its envelope.</summary>
    public static long LargestAppend(RaftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (long)options.MaxAppendBytes + ((long)options.MaxEntriesPerAppend * EntryOverheadBytes) + EnvelopeBytes;
    }

    /// <summary>
    /// An AppendEntries carrying one command of <see cref="RaftOptions.MaxCommandBytes"/>, in its envelope; a
    /// <c>ProposeBatch</c> of that one command from a client is no larger.
    /// </summary>
    public static long LargestCommand(RaftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (long)options.MaxCommandBytes + EntryOverheadBytes + EnvelopeBytes;
    }

    /// <summary>The largest InstallSnapshot chunk the options allow, in its envelope.</summary>
    public static long LargestSnapshotChunk(RaftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (long)options.SnapshotChunkBytes + EnvelopeBytes;
    }

    /// <summary>Akka.Remote's frame size in <paramref name="config"/>, or Akka's default when it sets none.</summary>
    public static long FrameSize(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.GetByteSize(FrameSizeKey, null) ?? 128_000;
    }

    /// <summary>What does not fit in the configured frame, each naming the option and the key; empty when everything fits.</summary>
    public static IReadOnlyList<string> Problems(RaftOptions options, Config config)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(config);
        var frame = FrameSize(config);
        var problems = new List<string>();
        var append = LargestAppend(options);
        if (append > frame)
        {
            problems.Add(
                $"An AppendEntries may take {append} bytes ({nameof(RaftOptions.MaxAppendBytes)} {options.MaxAppendBytes} + " +
                $"{nameof(RaftOptions.MaxEntriesPerAppend)} {options.MaxEntriesPerAppend} × {EntryOverheadBytes} + {EnvelopeBytes}), " +
                $"more than {FrameSizeKey} = {frame}: lower the options or raise the frame size.");
        }

        var command = LargestCommand(options);
        if (command > frame)
        {
            // Sent alone when larger than MaxAppendBytes, so this bound holds whatever the append limits say.
            problems.Add(
                $"An AppendEntries carrying one command may take {command} bytes ({nameof(RaftOptions.MaxCommandBytes)} {options.MaxCommandBytes} + " +
                $"{EntryOverheadBytes} + {EnvelopeBytes}), more than {FrameSizeKey} = {frame}: lower the option or raise the frame size.");
        }

        var chunk = LargestSnapshotChunk(options);
        if (chunk > frame)
        {
            problems.Add(
                $"An InstallSnapshot chunk may take {chunk} bytes ({nameof(RaftOptions.SnapshotChunkBytes)} {options.SnapshotChunkBytes} + {EnvelopeBytes}), " +
                $"more than {FrameSizeKey} = {frame}: lower the option or raise the frame size.");
        }

        return problems;
    }
}
