namespace Raft.Actors.TestKit.Linearizability;

/// <summary>How the clients of a <see cref="KeyValueWorkload"/> behave.</summary>
public sealed class KeyValueWorkloadSettings
{
    public int Clients { get; set; } = 4;

    /// <summary>Keys "k0".."k{n-1}": few, so clients contend.</summary>
    public int Keys { get; set; } = 3;

    /// <summary>The share of operations that are reads; the rest are puts and compare-and-sets.</summary>
    public double ReadShare { get; set; } = 0.5;

    public ReadPath ReadPath { get; set; } = ReadPath.Leader;

    /// <summary>How long a client tries one operation (retrying refused writes and failed reads) before it gives up.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt waits for an answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest pause between a client's operations (drawn at random below it).</summary>
    public TimeSpan ThinkTime { get; set; } = TimeSpan.FromMilliseconds(20);
}
