using Raft.Actors.Core;

namespace Raft.Tests.Core;

/// <summary>Asserts an exact list of effects, printing both lists whole when they differ.</summary>
internal static class EffectAssert
{
    public static void Exactly(IEnumerable<RaftEffect> actual, params string[] expected)
    {
        var lines = actual.Lines();
        if (!lines.SequenceEqual(expected))
        {
            Assert.Fail($"Expected effects:\n  {string.Join("\n  ", expected)}\nActual effects:\n  {string.Join("\n  ", lines)}");
        }
    }

    public static void None(IEnumerable<RaftEffect> actual) => Exactly(actual);

    /// <summary>The effects of type <typeparamref name="T"/> only, in order, for tests about one kind of effect.</summary>
    public static void Only<T>(IEnumerable<RaftEffect> actual, params string[] expected)
        where T : RaftEffect => Exactly(actual.OfType<T>(), expected);
}
