namespace Raft.Actors.TestKit.Scenarios;

/// <summary>One seed of a scenario failed with <see cref="Error"/>.</summary>
public sealed record SeedFailure(int Seed, Exception Error)
{
    /// <summary>The error's type and the first line of its message.</summary>
    public string Summary
    {
        get
        {
            var message = Error.Message;
            var end = message.IndexOfAny(['\r', '\n']);
            return $"{Error.GetType().Name}: {(end < 0 ? message : message[..end])}";
        }
    }
}
