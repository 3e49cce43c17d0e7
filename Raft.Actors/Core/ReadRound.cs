namespace Raft.Actors.Core;

/// <summary>
/// One heartbeat round of a leader confirming its leadership for reads (thesis §6.4): the reads it confirms, the
/// commit index they will be served at, and when it was sent (by the host's clock: the start of a lease).
/// </summary>
internal sealed class ReadRound(long number, long readIndex, TimeSpan sentAt, List<PendingRead> reads)
{
    public long Number { get; } = number;

    public long ReadIndex { get; } = readIndex;

    public TimeSpan SentAt { get; } = sentAt;

    public List<PendingRead> Reads { get; } = reads;
}
