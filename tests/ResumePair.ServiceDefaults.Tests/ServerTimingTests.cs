using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

public sealed class ServerTimingTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["OTEL_SERVICE_NAME"] = "gateway";
        builder.AddServiceDefaults();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapGet("/slow", async () =>
        {
            await Task.Delay(30);
            return "done";
        });
        // What a proxied answer looks like: the downstream service's entry arrives with its headers.
        _app.MapGet("/proxied", (HttpResponse response) =>
        {
            response.Headers.Append("Server-Timing", "documents;dur=1.25");
            return "done";
        });
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static double Duration(string entry, string name)
    {
        var match = Regex.Match(entry, $@"^{name};dur=(\d+\.\d+)$");
        Assert.True(match.Success, $"not a {name} entry: {entry}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_answer_carries_the_time_this_process_spent_on_it()
    {
        using var response = await _client.GetAsync("/slow");

        var entry = Assert.Single(response.Headers.GetValues("Server-Timing"));
        Assert.InRange(Duration(entry, "gateway"), 30, 30_000);
    }

    [Fact]
    public async Task A_downstream_entry_is_kept_and_this_process_adds_its_own_after_it()
    {
        using var response = await _client.GetAsync("/proxied");

        var entries = response
            .Headers.GetValues("Server-Timing")
            .SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries))
            .ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(1.25, Duration(entries[0], "documents"));
        Assert.InRange(Duration(entries[1], "gateway"), 0, 30_000);
    }
}
