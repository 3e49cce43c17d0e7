using System.Text;
using Raft.Actors.TestKit.Linearizability;

namespace Raft.Tests.Linearizability;

/// <summary>Builds histories by hand: times in milliseconds, values as text.</summary>
internal sealed class Histories
{
    private readonly List<HistoryOperation> _operations = [];

    public IReadOnlyList<HistoryOperation> Operations => _operations;

    public static byte[] V(string value) => Encoding.ASCII.GetBytes(value);

    public Histories Put(int client, string key, string value, double call, double? ret) =>
        Add(client, KvInput.Put(key, V(value)), call, ret, ret is null ? null : KvOutput.Done);

    public Histories Get(int client, string key, string? read, double call, double ret) =>
        Add(client, KvInput.Get(key), call, ret, KvOutput.Read(read is null ? null : V(read)));

    public Histories Cas(int client, string key, string? expected, string value, bool? succeeded, double call, double? ret) =>
        Add(client, KvInput.CompareAndSet(key, expected is null ? null : V(expected), V(value)), call, ret, succeeded is { } s ? KvOutput.CompareAndSet(s) : null);

    public Histories Delete(int client, string key, bool? removed, double call, double? ret) =>
        Add(client, KvInput.Delete(key), call, ret, removed is { } r ? KvOutput.Deleted(r) : null);

    private Histories Add(int client, KvInput input, double call, double? ret, KvOutput? output)
    {
        _operations.Add(new HistoryOperation(_operations.Count + 1, client, input, TimeSpan.FromMilliseconds(call), ret is { } r ? TimeSpan.FromMilliseconds(r) : null, output));
        return this;
    }
}
