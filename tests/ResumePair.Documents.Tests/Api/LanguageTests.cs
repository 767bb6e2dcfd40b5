using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// Texts the documents service writes, through the gateway over real HTTP (the gateway passes Accept-Language on):
/// German for <c>Accept-Language: de</c>, English for <c>en</c>, none or anything else. Codes (problem type, field
/// paths, reason ids) are the same in every language; a memoised score and the history are worded when read.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class LanguageTests(DocumentsServiceFixture service) : ThroughGateway(service)
{
    private const string Url = "/api/v1/documents";

    private async Task<HttpClient> SignedInAsync()
    {
        using var anonymous = Gateway.CreateClient();
        var register = await anonymous.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"lang-{Guid.NewGuid():N}@example.com", password = "correct-horse-1", name = "Lang Test" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var tokens = await register.Content.ReadFromJsonAsync<JsonElement>();
        return Gateway.CreateClient(tokens.GetProperty("accessToken").GetString());
    }

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpClient client,
        HttpMethod method, string path, string? language, object? json = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private const string GermanTitle = "Die Eingabe ist ungültig.";
    private const string GermanEmail =
        "Muss eine E-Mail-Adresse wie name@example.com sein (eine Domain mit Punkt, ohne Leerzeichen).";
    private const string GermanYear = "Das Jahr muss zwischen 1000 und 2999 liegen.";
    private const string EnglishTitle = "One or more validation errors occurred.";
    private const string EnglishEmail =
        "Must be an email address like name@example.com (a domain with a dot, no spaces).";
    private const string EnglishYear = "The year must be from 1000 to 2999.";

    [Theory]
    [InlineData("de", GermanTitle, GermanEmail, GermanYear)]
    [InlineData("de-CH, en;q=0.5", GermanTitle, GermanEmail, GermanYear)]
    [InlineData("en", EnglishTitle, EnglishEmail, EnglishYear)]
    [InlineData(null, EnglishTitle, EnglishEmail, EnglishYear)]
    [InlineData("xx-é", EnglishTitle, EnglishEmail, EnglishYear)]
    public async Task Validation_problems_are_in_the_asked_language_with_the_same_field_paths(string? language,
        string title, string email, string year)
    {
        using var client = await SignedInAsync();
        var (response, problem) = await SendAsync(client, HttpMethod.Post, Url, language, new
        {
            type = "resume", title = "CV",
            data = new
            {
                profile = new { name = "Ann", email = "ann@localhost" },
                work = new[] { new { company = "A", startDate = "0999" } },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal(email, errors.GetProperty("data.profile.email")[0].GetString());
        Assert.Equal(year, errors.GetProperty("data.work[0].startDate")[0].GetString());
        Assert.Equal(language?.StartsWith("de", StringComparison.Ordinal) == true ? "de" : "en",
            response.Content.Headers.ContentLanguage.Single());
    }

    [Fact]
    public async Task Problems_of_the_routes_read_in_German_and_keep_their_type()
    {
        using var client = await SignedInAsync();
        var (missing, notFound) = await SendAsync(client, HttpMethod.Get, $"{Url}/{Guid.NewGuid()}", "de");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(("Dokument nicht gefunden", "Dieses Dokument gibt es nicht."),
            (notFound.GetProperty("title").GetString(), notFound.GetProperty("detail").GetString()));
        var (_, english) = await SendAsync(client, HttpMethod.Get, $"{Url}/{Guid.NewGuid()}", "en");
        Assert.Equal("Document not found", english.GetProperty("title").GetString());
        Assert.Equal(english.GetProperty("type").GetString(), notFound.GetProperty("type").GetString());

        var id = await CreateAsync(client);
        var (_, limit) = await SendAsync(client, HttpMethod.Get, $"{Url}/{id}/versions?limit=0", "de");
        Assert.Equal("Muss zwischen 1 und 100 liegen.",
            limit.GetProperty("errors").GetProperty("limit")[0].GetString());
    }

    [Fact]
    public async Task A_memoised_score_reads_in_each_readers_language()
    {
        using var client = await SignedInAsync();
        var id = await CreateAsync(client);

        var (german, de) = await SendAsync(client, HttpMethod.Get, $"{Url}/{id}/score", "de");
        Assert.Equal("miss", german.Headers.GetValues("X-Score-Cache").Single());
        Assert.Equal("de", german.Content.Headers.ContentLanguage.Single());
        var (english, en) = await SendAsync(client, HttpMethod.Get, $"{Url}/{id}/score", null);
        // The same stored score, other words.
        Assert.Equal("hit", english.Headers.GetValues("X-Score-Cache").Single());

        Assert.Equal("Fügen Sie eine Telefonnummer hinzu.", Reason(de, "contact.phone"));
        Assert.Equal("Add a phone number.", Reason(en, "contact.phone"));
        Assert.Equal("Vollständige Kontaktdaten", de.GetProperty("categories")[0].GetProperty("name").GetString());
        Assert.Equal("Contact completeness", en.GetProperty("categories")[0].GetProperty("name").GetString());
        Assert.Matches(@"^\d+ Wörter: ", Reason(de, "length.words"));
        Assert.Equal(Ids(de), Ids(en));
        Assert.Equal(de.GetProperty("score").GetInt32(), en.GetProperty("score").GetInt32());
    }

    [Fact]
    public async Task Version_summaries_and_comparisons_are_worded_for_the_reader()
    {
        using var client = await SignedInAsync();
        var id = await CreateAsync(client);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Url}/{id}")
        {
            Content = new StringContent("""{"data":{"profile":{"headline":"Physicist"}}}""", Encoding.UTF8,
                "application/merge-patch+json"),
        };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(patch)).StatusCode);

        var (_, de) = await SendAsync(client, HttpMethod.Get, $"{Url}/{id}/versions", "de");
        Assert.Equal(["Profil › Berufsbezeichnung hinzugefügt", "Erstellt"], Summaries(de));
        var (_, en) = await SendAsync(client, HttpMethod.Get, $"{Url}/{id}/versions", "en");
        Assert.Equal(["Added Profile › Headline", "Created"], Summaries(en));

        var (_, comparison) = await SendAsync(client, HttpMethod.Get, $"{Url}/{id}/versions/compare?from=1&to=2", "de");
        var change = comparison.GetProperty("changes")[0];
        Assert.Equal(("data.profile.headline", "Profil", "Berufsbezeichnung", "added"),
            (change.GetProperty("path").GetString(), change.GetProperty("group").GetString(),
                change.GetProperty("field").GetString(), change.GetProperty("kind").GetString()));
    }

    private static async Task<string> CreateAsync(HttpClient client)
    {
        var created = await client.PostAsJsonAsync(Url,
            new { type = "resume", title = "CV", data = new { profile = new { name = "Ann" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static string? Reason(JsonElement score, string id) => score.GetProperty("reasons").EnumerateArray()
        .First(r => r.GetProperty("id").GetString() == id).GetProperty("message").GetString();

    private static List<string?> Ids(JsonElement score) =>
        score.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();

    private static List<string?> Summaries(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("summary").GetString()).ToList();
}
