namespace Raft.Tests.Http;

/// <summary>The key-value API over a group whose <c>MaxCommandBytes</c> (4 KiB) is far below what the key-value limits allow.</summary>
public sealed class SmallCommandsKeyValueApiFixture : KeyValueApiFixture
{
    public const int Limit = 4096;

    protected override int? MaxCommandBytes => Limit;
}
