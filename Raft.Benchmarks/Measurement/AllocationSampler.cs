using System.Collections.Concurrent;
using System.Globalization;
using System.Diagnostics.Tracing;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Measurement;

/// <summary>
/// Which types a measured window allocates, sampled in process from the runtime's <c>GCAllocationTick</c> event: the
/// GC raises it about every 100 KB allocated, naming the type whose allocation crossed the mark, so bytes per type
/// summed over many ticks approximate where the allocations go (a type allocated often, or in large objects, is named
/// often). Costs nothing measurable at ~10 ticks per MB; not a substitute for a real allocation profiler's stacks.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEventId = 10;

    // By the type's method table, resolved to a name only for the report: a compiler-generated closure's own name
    // (<>c__DisplayClass12_0) does not say whose it is, its full name does.
    private readonly ConcurrentDictionary<(nint TypeId, string Name), long> _bytesByType = new();
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    /// <summary>The <paramref name="top"/> types by sampled bytes, each with its share and bytes per command.</summary>
    public IEnumerable<string> Report(long commands, int top)
    {
        var total = _bytesByType.Values.Sum();
        if (total == 0)
        {
            yield return "allocations (no GCAllocationTick event was seen)";
            yield break;
        }

        var byName = _bytesByType
            .GroupBy(p => FullName(p.Key.TypeId, p.Key.Name), StringComparer.Ordinal)
            .Select(g => (Type: g.Key, Bytes: g.Sum(p => p.Value)));
        foreach (var (type, bytes) in byName.OrderByDescending(p => p.Bytes).Take(top))
        {
            var perCommand = commands == 0 ? "n/a" : Format.Invariant($"{bytes / (double)commands:0} B/cmd");
            yield return Format.Invariant($"  {bytes * 100.0 / total,5:0.0} %  {perCommand,12}  {type}");
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventId != AllocationTickEventId || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var typeIndex = names.IndexOf("TypeName");
        var typeIdIndex = names.IndexOf("TypeID");
        var amountIndex = names.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || typeIdIndex < 0 || amountIndex < 0)
        {
            return;
        }

        var typeId = payload[typeIdIndex] switch
        {
            nint pointer => pointer,
            ulong value => (nint)value,
            long value => (nint)value,
            _ => 0,
        };
        var key = (TypeId: typeId, Name: payload[typeIndex] as string ?? "?");
        var amount = Convert.ToInt64(payload[amountIndex], CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(key, amount, (_, sum) => sum + amount);
    }

    private static string FullName(nint typeId, string name)
    {
        if (typeId == 0)
        {
            return name;
        }

        try
        {
            return Type.GetTypeFromHandle(RuntimeTypeHandle.FromIntPtr(typeId))?.ToString() ?? name;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return name;
        }
    }
}
