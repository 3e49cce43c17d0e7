using Raft.Actors.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

/// <summary>The reference journal against the contract; reopening hands back the same instance, as the simulation does.</summary>
public sealed class InMemoryJournalTests(ITestOutputHelper output) : JournalConformanceTests(output)
{
    private readonly InMemoryJournal _journal = new("memory:conformance");

    protected override IRaftJournal Open() => _journal;
}
