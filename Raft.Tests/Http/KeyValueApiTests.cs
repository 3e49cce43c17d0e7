using System.Net;
using System.Net.Http.Json;
using System.Text;
using Raft.Actors.KeyValue;
using Raft.Host.Http;

namespace Raft.Tests.Http;

/// <summary>Every route of the key-value HTTP API, and every way to get a 4xx from it, against a real group over real HTTP.</summary>
public sealed class KeyValueApiTests(KeyValueApiFixture fixture) : IClassFixture<KeyValueApiFixture>
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task A_value_put_is_read_back_as_the_same_bytes()
    {
        byte[] value = [0, 1, 2, 255];

        var put = await _http.PutAsync("/kv/bytes", new ByteArrayContent(value));
        var get = await _http.GetAsync("/kv/bytes");

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("false", put.Headers.GetValues(KeyValueEndpoints.DuplicateHeader).Single());
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(value, await get.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Reading_a_key_that_does_not_exist_is_a_404_naming_it()
    {
        var get = await _http.GetAsync("/kv/never-written");

        await AssertError(get, HttpStatusCode.NotFound, "Key 'never-written' does not exist.");
    }

    [Fact]
    public async Task A_deleted_key_is_gone_and_deleting_it_again_is_a_404()
    {
        await _http.PutAsync("/kv/doomed", new StringContent("x"));

        var delete = await _http.DeleteAsync("/kv/doomed");
        var get = await _http.GetAsync("/kv/doomed");
        var again = await _http.DeleteAsync("/kv/doomed");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        await AssertError(again, HttpStatusCode.NotFound, "Key 'doomed' does not exist.");
    }

    [Fact]
    public async Task Compare_and_set_changes_the_value_only_when_it_holds_the_expected_one()
    {
        var create = await _http.PostAsJsonAsync("/kv/counter/cas", new { expected = (string?)null, value = "1" });
        var next = await _http.PostAsJsonAsync("/kv/counter/cas", new { expected = "1", value = "2" });
        var stale = await _http.PostAsJsonAsync("/kv/counter/cas", new { expected = "1", value = "3" });

        Assert.Equal(HttpStatusCode.NoContent, create.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, next.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var failed = await stale.Content.ReadFromJsonAsync<CompareFailedBody>();
        Assert.Equal(new CompareFailedBody("Key 'counter' holds another value: nothing changed.", "2", Convert.ToBase64String("2"u8)), failed);
        Assert.Equal("2", await _http.GetStringAsync("/kv/counter"));
    }

    [Fact]
    public async Task A_write_retried_with_the_same_client_id_and_sequence_is_applied_once()
    {
        var client = Guid.NewGuid().ToString("N");

        var first = await Send(HttpMethod.Put, "/kv/retried", "first", (client, "1"));
        var retry = await Send(HttpMethod.Put, "/kv/retried", "second", (client, "1"));

        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        Assert.Equal("false", first.Headers.GetValues(KeyValueEndpoints.DuplicateHeader).Single());
        Assert.Equal("true", retry.Headers.GetValues(KeyValueEndpoints.DuplicateHeader).Single());
        Assert.Equal("first", await _http.GetStringAsync("/kv/retried"));
    }

    [Fact]
    public async Task A_retried_delete_gets_the_first_answer_instead_of_a_404()
    {
        var client = Guid.NewGuid().ToString("N");
        await Send(HttpMethod.Put, "/kv/deleted-once", "x", (client, "1"));

        var first = await Send(HttpMethod.Delete, "/kv/deleted-once", null, (client, "2"));
        var retry = await Send(HttpMethod.Delete, "/kv/deleted-once", null, (client, "2"));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues(KeyValueEndpoints.DuplicateHeader).Single());
    }

    [Fact]
    public async Task Status_lists_every_member_and_they_agree_on_one_leader()
    {
        var members = await _http.GetFromJsonAsync<MemberStatusView[]>("/status");

        Assert.Equal(["n1", "n2", "n3"], members!.Select(m => m.Member));
        var leader = Assert.Single(members!, m => m.Role == "leader");
        Assert.All(members!, m => Assert.Equal(leader.Member, m.Leader));
        Assert.All(members!, m => Assert.True(m.Term >= 1 && m.CommitIndex >= 1, $"{m.Member}: {m}"));
    }

    public static TheoryData<string, string, string?, string?, string?, string?, int, string> BadRequests() => new()
    {
        { "PUT", $"/kv/{new string('k', KeyValueLimits.MaxKeyBytes + 1)}", "v", null, null, null, 400, "A key must be at most 1024 bytes of UTF-8" },
        { "PUT", "/kv/big", new string('v', KeyValueLimits.MaxValueBytes + 1), null, null, null, 413, "A value must be at most 522240 bytes." },
        { "POST", "/kv/k/cas", "{not json", null, null, null, 400, "The body must be JSON" },
        { "POST", "/kv/k/cas", """{"expected": "a"}""", null, null, null, 400, "\"value\" is missing or null" },
        { "POST", "/kv/k/cas", """{"expect": "a", "value": "b"}""", null, null, null, 400, "could not be mapped" },
        { "PUT", "/kv/k", "v", "c", "one", null, 400, "Raft-Sequence must be a whole number from 1; it is 'one'." },
        { "PUT", "/kv/k", "v", "c", "0", null, 400, "A sequence number must be at least 1; it is 0." },
        { "PUT", "/kv/k", "v", "c", null, null, 400, "Raft-Client-Id and Raft-Sequence go together: this request has only Raft-Client-Id." },
        { "PUT", "/kv/k", "v", null, "1", null, 400, "this request has only Raft-Sequence." },
        { "PUT", "/kv/k", "v", "c", "2", "3", 400, "The first unacknowledged sequence must be between 1 and the command's sequence 2; it is 3." },
        { "PUT", "/kv/k", "v", new string('c', 129), "1", null, 400, "A client id must be at most 128 bytes" },
        { "GET", "/kv/k", null, null, "x", null, 400, "this request has only Raft-Sequence." },
        { "PUT", "/kv/k", "v", "client-with-no-session", "5", "5", 410, "client 'client-with-no-session' has no session (it expired)" },
        { "GET", "/nowhere", null, null, null, null, 404, "No route GET /nowhere" },
        { "PATCH", "/kv/k", "v", null, null, null, 405, "/kv/k does not take PATCH" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_4xx_with_a_message(string method, string path, string? body, string? clientId, string? sequence, string? firstUnacknowledged, int status, string message)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8) };
        AddStamp(request, clientId, sequence, firstUnacknowledged);

        var response = await _http.SendAsync(request);

        await AssertError(response, (HttpStatusCode)status, message);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? body, (string ClientId, string Sequence) stamp)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body) };
        AddStamp(request, stamp.ClientId, stamp.Sequence, null);
        return await _http.SendAsync(request);
    }

    private static void AddStamp(HttpRequestMessage request, string? clientId, string? sequence, string? firstUnacknowledged)
    {
        foreach (var (name, value) in new[] { ("Raft-Client-Id", clientId), ("Raft-Sequence", sequence), ("Raft-First-Unacknowledged", firstUnacknowledged) })
        {
            if (value is not null)
            {
                request.Headers.Add(name, value);
            }
        }
    }

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = System.Text.Json.JsonSerializer.Deserialize<ErrorBody>(text, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        Assert.Contains(message, body!.Error, StringComparison.Ordinal);
    }
}
