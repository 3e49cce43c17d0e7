using System.Net;
using System.Net.Http.Json;
using Raft.Host.Http;

namespace Raft.Tests.Http;

/// <summary>
/// A group may be configured with a <c>MaxCommandBytes</c> below the key-value API's own limits: a write over it is
/// a 413 naming the size and the limit, never a 500, and nothing of it is applied.
/// </summary>
public sealed class KeyValueApiCommandLimitTests(SmallCommandsKeyValueApiFixture fixture) : IClassFixture<SmallCommandsKeyValueApiFixture>
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task A_put_larger_than_the_groups_command_limit_is_a_413_and_is_not_applied()
    {
        var put = await _http.PutAsync("/kv/large", new ByteArrayContent(new byte[SmallCommandsKeyValueApiFixture.Limit * 2]));
        var small = await _http.PutAsync("/kv/small", new ByteArrayContent(new byte[100]));
        var get = await _http.GetAsync("/kv/large");

        var text = await put.Content.ReadAsStringAsync();
        Assert.True(put.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"expected 413, got {(int)put.StatusCode}: {text}");
        var body = await put.Content.ReadFromJsonAsync<ErrorBody>();
        Assert.Contains(SmallCommandsKeyValueApiFixture.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), body!.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, small.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task A_compare_and_set_larger_than_the_groups_command_limit_is_a_413()
    {
        var cas = await _http.PostAsJsonAsync("/kv/large-cas/cas", new { expected = (string?)null, value = new string('v', SmallCommandsKeyValueApiFixture.Limit * 2) });

        var text = await cas.Content.ReadAsStringAsync();
        Assert.True(cas.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"expected 413, got {(int)cas.StatusCode}: {text}");
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/kv/large-cas")).StatusCode);
    }
}
