using Raft.Actors.TestKit.Linearizability;
using Xunit.Abstractions;

namespace Raft.Tests.Linearizability;

/// <summary>The checker against histories whose verdict is known, including the tricky ones.</summary>
public sealed class LinearizabilityCheckerTests(ITestOutputHelper output)
{
    [Fact]
    public void A_read_after_a_completed_write_that_sees_it_is_linearizable()
    {
        var history = new Histories().Put(1, "x", "1", 0, 1).Get(2, "x", "1", 2, 3);

        Assert.True(LinearizabilityChecker.Check(history.Operations).IsLinearizable);
    }

    [Fact]
    public void A_stale_read_after_a_completed_write_is_not_linearizable_and_the_writes_and_the_read_are_the_counterexample()
    {
        var history = new Histories().Put(1, "x", "1", 0, 1).Put(1, "x", "2", 2, 3).Get(2, "x", "1", 4, 5).Get(3, "y", null, 0, 9);

        var result = LinearizabilityChecker.Check(history.Operations);

        output.WriteLine(result.Describe());
        Assert.False(result.IsLinearizable);
        Assert.Equal("x", result.Key);
        Assert.Equal([1L, 2L, 3L], result.Counterexample.Select(o => o.Id).Order());
        Assert.Contains("get(x) [4.000 ms .. 5.000 ms] -> \"1\"", result.Describe());
    }

    [Fact]
    public void Reads_overlapping_a_write_may_see_the_old_or_the_new_value()
    {
        var history = new Histories().Put(1, "x", "1", 0, 10).Get(2, "x", null, 1, 5).Get(3, "x", "1", 2, 6).Get(4, "x", "1", 11, 12);

        Assert.True(LinearizabilityChecker.Check(history.Operations).IsLinearizable);
    }

    [Fact]
    public void Once_a_read_has_seen_an_overlapping_write_a_later_read_may_not_see_the_old_value()
    {
        var history = new Histories().Put(1, "x", "1", 0, 10).Get(2, "x", "1", 1, 2).Get(3, "x", null, 3, 4);

        var result = LinearizabilityChecker.Check(history.Operations);

        Assert.False(result.IsLinearizable);
        Assert.Equal(3, result.Counterexample.Count);
    }

    [Fact]
    public void A_write_of_unknown_outcome_may_take_effect_after_its_client_gave_up_on_it()
    {
        var history = new Histories().Put(1, "x", "1", 0, null).Put(2, "x", "2", 5, 6).Get(3, "x", "2", 7, 8).Get(3, "x", "1", 20, 21);

        Assert.True(LinearizabilityChecker.Check(history.Operations).IsLinearizable);
    }

    [Fact]
    public void A_write_of_unknown_outcome_may_never_take_effect()
    {
        var history = new Histories().Put(1, "x", "1", 0, null).Get(2, "x", null, 50, 51);

        Assert.True(LinearizabilityChecker.Check(history.Operations).IsLinearizable);
    }

    [Fact]
    public void A_write_of_unknown_outcome_cannot_be_seen_and_then_unseen()
    {
        var history = new Histories().Put(1, "x", "1", 0, null).Get(2, "x", "1", 5, 6).Get(2, "x", null, 10, 11);

        Assert.False(LinearizabilityChecker.Check(history.Operations).IsLinearizable);
    }

    [Fact]
    public void A_write_of_unknown_outcome_cannot_take_effect_before_it_was_called()
    {
        var history = new Histories().Get(2, "x", "1", 0, 1).Put(1, "x", "1", 5, null);

        Assert.False(LinearizabilityChecker.Check(history.Operations).IsLinearizable);
    }

    [Fact]
    public void Two_compare_and_sets_from_the_same_value_cannot_both_succeed()
    {
        var history = new Histories().Cas(1, "x", null, "a", true, 0, 5).Cas(2, "x", null, "b", true, 1, 6);

        Assert.False(LinearizabilityChecker.Check(history.Operations).IsLinearizable);
    }

    [Fact]
    public void A_compare_and_set_of_unknown_outcome_explains_a_later_read_only_if_its_expectation_held()
    {
        var held = new Histories().Put(1, "x", "a", 0, 1).Cas(2, "x", "a", "b", null, 2, null).Get(3, "x", "b", 10, 11);
        var failed = new Histories().Put(1, "x", "z", 0, 1).Cas(2, "x", "a", "b", null, 2, null).Get(3, "x", "b", 10, 11);

        Assert.True(LinearizabilityChecker.Check(held.Operations).IsLinearizable);
        Assert.False(LinearizabilityChecker.Check(failed.Operations).IsLinearizable);
    }

    [Fact]
    public void A_delete_that_removed_the_value_explains_a_later_absent_read_and_one_that_found_nothing_after_a_completed_put_is_not_linearizable()
    {
        var removed = new Histories().Put(1, "x", "1", 0, 1).Delete(2, "x", true, 2, 3).Get(3, "x", null, 4, 5).Delete(3, "x", false, 6, 7);
        var missed = new Histories().Put(1, "x", "1", 0, 1).Delete(2, "x", false, 2, 3);

        Assert.True(LinearizabilityChecker.Check(removed.Operations).IsLinearizable);
        Assert.False(LinearizabilityChecker.Check(missed.Operations).IsLinearizable);
    }

    [Fact]
    public void A_value_read_back_after_its_delete_completed_is_reported_with_the_put_and_the_delete()
    {
        var history = new Histories().Put(1, "x", "1", 0, 1).Delete(2, "x", true, 2, 3).Get(3, "x", "1", 4, 5).Delete(1, "x", null, 6, null);

        var result = LinearizabilityChecker.Check(history.Operations);

        output.WriteLine(result.Describe());
        Assert.False(result.IsLinearizable);
        Assert.Equal([1L, 2L, 3L], result.Counterexample.Select(o => o.Id).Order());
        Assert.Contains("delete(x) [2.000 ms .. 3.000 ms] -> removed", result.Describe());
    }

    [Fact]
    public void Operations_that_touch_in_time_count_as_concurrent()
    {
        var history = new Histories().Get(1, "x", null, 0, 5).Put(2, "x", "1", 5, 6).Get(1, "x", "1", 5, 7);

        Assert.True(LinearizabilityChecker.Check(history.Operations).IsLinearizable);
    }

    [Fact]
    public void Long_concurrent_histories_of_atomic_operations_are_linearizable_and_one_corrupted_read_is_caught()
    {
        var random = new Random(7);
        var operations = AtomicHistory(random, clients: 6, count: 1500, keys: 4);

        var clean = LinearizabilityChecker.Check(operations);
        Assert.True(clean.IsLinearizable, clean.Describe());
        Assert.Equal(4, clean.Keys);

        var victim = operations.Select((o, i) => (o, i)).Last(p => p.o.Input.Kind == KvOperationKind.Get && p.o.Output!.Value is not null).i;
        List<HistoryOperation> corrupted = [.. operations];
        corrupted[victim] = corrupted[victim] with { Output = KvOutput.Read(Histories.V("never written")) };

        var result = LinearizabilityChecker.Check(corrupted);
        Assert.False(result.IsLinearizable);
        Assert.Equal([corrupted[victim].Id], result.Counterexample.Select(o => o.Id));
    }

    [Fact]
    public void The_recorder_keeps_answers_leaves_unanswered_operations_open_and_drops_discarded_ones()
    {
        var now = TimeSpan.Zero;
        var recorder = new HistoryRecorder(() => now += TimeSpan.FromMilliseconds(1));
        var put = recorder.Invoke(1, KvInput.Put("x", Histories.V("1")));
        var refused = recorder.Invoke(2, KvInput.Put("x", Histories.V("2")));
        var get = recorder.Invoke(3, KvInput.Get("x"));
        recorder.Return(get, KvOutput.Read(Histories.V("1")));
        recorder.Discard(refused);
        recorder.Unknown(put);

        var history = recorder.History();

        Assert.Equal([put, get], history.Select(o => o.Id));
        Assert.False(history[0].IsKnown);
        Assert.Equal((TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(4)), (history[1].Call, history[1].Return!.Value));
        Assert.Throws<InvalidOperationException>(() => recorder.Return(get, KvOutput.Read(null)));
        Assert.True(LinearizabilityChecker.Check(history).IsLinearizable);
    }

    /// <summary>
    /// Operations that each take effect atomically at a random instant between their call and return, on a real map:
    /// a linearizable history by construction, with much overlap between clients.
    /// </summary>
    private static List<HistoryOperation> AtomicHistory(Random random, int clients, int count, int keys)
    {
        var planned = new List<(int Client, KvInput Input, double Call, double Point, double Return)>();
        var clientClock = new double[clients];
        for (var i = 0; i < count; i++)
        {
            var client = random.Next(clients);
            var key = $"k{random.Next(keys)}";
            var call = clientClock[client] + random.NextDouble();
            var point = call + (random.NextDouble() * 3);
            var ret = point + (random.NextDouble() * 3);
            clientClock[client] = ret;
            var value = Histories.V($"v{i}");
            var input = random.Next(3) switch
            {
                0 => KvInput.Get(key),
                1 => KvInput.Put(key, value),
                _ => KvInput.CompareAndSet(key, random.Next(2) == 0 ? null : Histories.V($"v{random.Next(Math.Max(1, i))}"), value),
            };
            planned.Add((client, input, call, point, ret));
        }

        var map = new Dictionary<string, byte[]>();
        var operations = new List<HistoryOperation>();
        foreach (var (op, id) in planned.Select((p, i) => (p, i + 1)).OrderBy(p => p.p.Point))
        {
            map.TryGetValue(op.Input.Key, out var current);
            KvOutput result;
            switch (op.Input.Kind)
            {
                case KvOperationKind.Get:
                    result = KvOutput.Read(current);
                    break;
                case KvOperationKind.Put:
                    map[op.Input.Key] = op.Input.Value!;
                    result = KvOutput.Done;
                    break;
                default:
                    var matches = current is null ? op.Input.Expected is null : op.Input.Expected is not null && current.AsSpan().SequenceEqual(op.Input.Expected);
                    if (matches)
                    {
                        map[op.Input.Key] = op.Input.Value!;
                    }

                    result = KvOutput.CompareAndSet(matches);
                    break;
            }

            operations.Add(new HistoryOperation(id, op.Client, op.Input, TimeSpan.FromMilliseconds(op.Call), TimeSpan.FromMilliseconds(op.Return), result));
        }

        return [.. operations.OrderBy(o => o.Id)];
    }
}
