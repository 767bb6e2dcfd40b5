using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.ServiceDefaults.Localization;
using ResumePair.ServiceDefaults.Problems;
using ResumePair.Testing;
using ResumePair.Web;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

/// <summary>
/// Problems in the request's language (Accept-Language: en default, de), over real HTTP through the service defaults'
/// pipeline; and every catalog of the repository complete in German.
/// </summary>
public sealed partial class LocalizationTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public sealed record Payload(string Name);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.Services.AddServerTexts<WebTexts>();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapPost("/echo", (Payload p) => p.Name);
        _app.MapGet("/boom", string () => throw new InvalidOperationException("secret internals"));
        _app.MapGet("/down", string () => throw new ServiceUnavailableException("documents is unreachable"));
        _app.MapGet("/limited", () => TypedResults.Problem(statusCode: 429, title: "Too many requests",
            detail: "Limit of 10 reached; try again in 42 s."));
        _app.MapGet("/invalid", () => TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["limit"] = ["Must be between 1 and 100."],
            ["name"] = ["Must be at most 80 characters.", "A text no catalog knows."],
        }));
        _app.MapGet("/missing", () => TypedResults.NotFound());
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(HttpResponseMessage Response, JsonElement Problem)> GetAsync(string path, string? language)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
        var response = await _client.SendAsync(request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task German_gets_German_titles_details_and_field_messages_with_their_values()
    {
        var (limited, problem) = await GetAsync("/limited", "de-DE,de;q=0.9,en;q=0.5");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("Zu viele Anfragen", problem.GetProperty("title").GetString());
        Assert.Equal("Grenze von 10 erreicht; versuchen Sie es in 42 s erneut.",
            problem.GetProperty("detail").GetString());
        Assert.Equal("https://httpstatuses.io/429", problem.GetProperty("type").GetString()); // the code never changes
        Assert.Equal("de", limited.Content.Headers.ContentLanguage.Single());

        var (_, invalid) = await GetAsync("/invalid", "de");
        Assert.Equal("Die Eingabe ist ungültig.", invalid.GetProperty("title").GetString());
        var errors = invalid.GetProperty("errors");
        Assert.Equal("Muss zwischen 1 und 100 liegen.", errors.GetProperty("limit")[0].GetString());
        Assert.Equal(["Darf höchstens 80 Zeichen lang sein.", "A text no catalog knows."],
            errors.GetProperty("name").EnumerateArray().Select(e => e.GetString()));

        var (_, boom) = await GetAsync("/boom", "de");
        Assert.Equal("Unerwarteter Fehler", boom.GetProperty("title").GetString());
        Assert.DoesNotContain("secret", boom.GetRawText(), StringComparison.Ordinal);

        var (_, missing) = await GetAsync("/missing", "de-AT"); // a region falls back to its language
        Assert.Equal("Nicht gefunden", missing.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("en")]
    [InlineData("en-US,de;q=0.5")]
    [InlineData("fr")]
    [InlineData("xx-é")]
    [InlineData("*")]
    public async Task English_when_absent_asked_for_unknown_or_malformed_and_never_a_failure(string? language)
    {
        var (response, problem) = await GetAsync("/limited", language);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        Assert.Equal("Limit of 10 reached; try again in 42 s.", problem.GetProperty("detail").GetString());
        Assert.Equal("en", response.Content.Headers.ContentLanguage.Single());
    }

    [Fact]
    public async Task A_malformed_Accept_Language_on_a_good_request_still_answers()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/echo")
        {
            Content = JsonContent.Create(new Payload("Ann")),
        };
        request.Headers.TryAddWithoutValidation("Accept-Language", "xx-é;q=é, ;;=,de-");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ann", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Exception_problems_follow_the_language_too()
    {
        var (down, problem) = await GetAsync("/down", "de");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Dienst nicht verfügbar", problem.GetProperty("title").GetString());
    }

    /// <summary>
    /// Every .resx of the repository has a German twin with the same keys, no empty value and the same placeholders:
    /// a text added in English only fails here, not silently in English for a German reader.
    /// </summary>
    [Fact]
    public void Every_resource_key_has_both_languages()
    {
        var root = RepositoryPaths.Root ?? throw new InvalidOperationException("Run from a checkout.");
        // Where the code lives (not .data or node_modules); build output copies no .resx.
        string[] sources = ["ResumePair.ServiceDefaults", "contracts", "libraries", "services",
            "gateway/ResumePair.Gateway"];
        var catalogs = sources.Select(s => Path.Combine(root, s)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.resx", SearchOption.AllDirectories))
            .Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.') < 0)
            .ToList();
        Assert.True(catalogs.Count >= 6, $"Only {catalogs.Count} catalogs found under {root}.");
        var problems = new List<string>();
        foreach (var english in catalogs)
        {
            var german = Path.ChangeExtension(english, ".de.resx");
            if (!File.Exists(german)) { problems.Add($"{english}: no German twin"); continue; }
            var en = Entries(english);
            var de = Entries(german);
            foreach (var key in en.Keys.Except(de.Keys)) problems.Add($"{german}: missing '{key}'");
            foreach (var key in de.Keys.Except(en.Keys)) problems.Add($"{german}: '{key}' is not an English key");
            foreach (var (key, text) in de.Where(e => en.ContainsKey(e.Key)))
            {
                if (string.IsNullOrWhiteSpace(text)) problems.Add($"{german}: '{key}' is empty");
                else if (!Placeholders(text).SetEquals(Placeholders(en[key])))
                    problems.Add($"{german}: '{key}' has other placeholders than English");
            }
        }
        Assert.Empty(problems);
    }

    private static Dictionary<string, string> Entries(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "",
                StringComparer.Ordinal);

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
