namespace Raft.Benchmarks.Compare;

/// <summary>What a workload gave for one contender: its figures, or why there are none (it failed, or was not run).</summary>
internal sealed record Measured<T>(T? Value, string? Failure)
    where T : class
{
    public static Measured<T> Of(T value) => new(value, null);

    public static Measured<T> Failed(string failure) => new(null, failure);
}
