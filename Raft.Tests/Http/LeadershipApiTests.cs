using System.Net;
using System.Net.Http.Json;
using Raft.Host.Http;

namespace Raft.Tests.Http;

/// <summary><c>POST /leadership/transfer/{member}</c> against a real group over real HTTP (a group of its own, since it moves the leader).</summary>
public sealed class LeadershipApiTests(KeyValueApiFixture fixture) : IClassFixture<KeyValueApiFixture>
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task A_transfer_to_a_follower_answers_once_that_follower_leads()
    {
        var leader = await GroupLeader();
        var target = fixture.Group.MemberIds.First(id => id != leader);

        var response = await _http.PostAsync($"/leadership/transfer/{target}", null);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        var body = System.Text.Json.JsonSerializer.Deserialize<LeadershipTransferredBody>(text, Json)!;
        Assert.Equal(target, body.Leader);
        var status = await fixture.Group.Client.StatusAsync(target);
        Assert.Equal(target, status.LeaderId);
        Assert.True(status.Term >= body.Term);
    }

    [Fact]
    public async Task A_transfer_to_a_member_the_group_does_not_have_is_a_400_naming_it()
    {
        var response = await _http.PostAsync("/leadership/transfer/n9", null);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Contains("'n9'", System.Text.Json.JsonSerializer.Deserialize<ErrorBody>(text, Json)!.Error, StringComparison.Ordinal);
    }

    private async Task<string> GroupLeader()
    {
        var members = await _http.GetFromJsonAsync<MemberStatusView[]>("/status", Json);
        return members!.Select(m => m.Leader).First(l => l is not null)!;
    }
}
