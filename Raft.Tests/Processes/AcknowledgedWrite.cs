namespace Raft.Tests.Processes;

/// <summary>A write a client saw acknowledged, and the log entry (index, bytes, and term when the answer named it) every member must hold.</summary>
internal sealed record AcknowledgedWrite(string Operation, long Index, long? Term, byte[] Entry);
