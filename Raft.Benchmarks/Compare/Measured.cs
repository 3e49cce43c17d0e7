namespace Raft.Benchmarks.Compare;

/// <summary>
/// What a workload gave for one contender: its figures, or why there are none (it failed, or it does not apply to
/// that contender: <see cref="NotMeasured"/>).
/// </summary>
internal sealed record Measured<T>(T? Value, string? Failure, string? NotMeasured = null)
    where T : class
{
    public static Measured<T> Of(T value) => new(value, null);

    public static Measured<T> Failed(string failure) => new(null, failure);

    public static Measured<T> Skipped(string reason) => new(null, null, reason);
}
