using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;
using ResumePair.Testing.Network;
using ResumePair.Testing.Services;
using ResumePair.Testing.Vendors;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>
/// The import path on real services: the orchestrator under test, the real documents service and the real ai-proxy,
/// wired as the AppHost wires them (discovery addresses, the documents JWKS, one shared <c>Internal:Key</c>). The one
/// fake is outside the product: the LLM vendor behind ai-proxy, a real HTTP server speaking OpenAI's protocol.
/// The orchestrator reaches documents through a <see cref="LossyLink"/>, so a test can lose documents' answers on the
/// way back (documents still does the work).
/// </summary>
public sealed class ImportTopology : IAsyncDisposable
{
    public required ExportHarness H { get; init; }
    public required RealAiProxyService AiProxy { get; init; }
    public required FakeOpenAiServer Vendor { get; init; }
    public required LossyLink DocumentsLink { get; init; }
    public RealDocumentsService Documents => H.Documents;

    /// <summary>Like a model that found only the person's name: the first line of the text it was given.</summary>
    public static readonly FakeOpenAiServer.Step NameFromFirstLine = FakeOpenAiServer.ReplyFrom(request =>
    {
        var name = FakeOpenAiServer
            .UserText(request)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        return JsonSerializer.Serialize(new { profile = new { name } });
    });

    /// <summary>
    /// A model that read the resume well: the recorded good answer for the text's person
    /// (Fixtures/answers/&lt;name&gt;.json, by the text's first line), else <see cref="NameFromFirstLine"/>.
    /// </summary>
    public static readonly FakeOpenAiServer.Step RecordedAnswer = FakeOpenAiServer.ReplyFrom(request =>
    {
        var name = FakeOpenAiServer
            .UserText(request)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var file = Path.Combine(
            AppContext.BaseDirectory,
            "Imports",
            "Fixtures",
            "answers",
            name.ToLowerInvariant().Replace(' ', '-') + ".json"
        );
        return File.Exists(file) ? File.ReadAllText(file) : JsonSerializer.Serialize(new { profile = new { name } });
    });

    /// <param name="orchestrator">Orchestrator settings on top of the wiring.</param>
    /// <param name="aiProxy">ai-proxy settings on top of the wiring and the vendor's (<c>Ai:*</c>).</param>
    public static async Task<ImportTopology> StartAsync(
        InfrastructureFixture infra,
        Dictionary<string, string>? orchestrator = null,
        Dictionary<string, string>? aiProxy = null
    )
    {
        var documents = await RealDocumentsService.StartAsync(infra);
        var vendor = await FakeOpenAiServer.StartAsync();
        vendor.Default = RecordedAnswer;
        var aiSettings = vendor.ProxySettings();
        // One vendor call per extraction: a scripted outage is one 503, and the job's next attempt is the retry.
        aiSettings["Ai:Resilience:MaxRetries"] = "0";
        foreach (var (key, value) in aiProxy ?? []) aiSettings[key] = value;
        var ai = await RealAiProxyService.StartAsync(infra, documents, aiSettings);
        var link = LossyLink.Start(documents.Url);

        var settings = new Dictionary<string, string>
        {
            ["services:ai-proxy:http:0"] = ai.Url,
            ["services:documents:http:0"] = link.Url,
            ["Export:RetryBaseDelay"] = "00:00:00.100",
            ["Export:RetryMaxDelay"] = "00:00:00.200",
        };
        foreach (var (key, value) in orchestrator ?? []) settings[key] = value;
        return new ImportTopology
        {
            H = await ExportHarness.StartAsync(infra, settings: settings, documents: documents),
            AiProxy = ai,
            Vendor = vendor,
            DocumentsLink = link,
        };
    }

    /// <summary>The texts ai-proxy asked the model to turn into a resume, in order.</summary>
    public IReadOnlyList<string> ExtractedTexts => Vendor.Received.Select(FakeOpenAiServer.UserText).ToList();

    /// <summary>The imported resume (its id is the job's) as documents answers it to the user (the uploader by
    /// default); null when 404.</summary>
    public async Task<JsonElement?> ImportedResumeAsync(Guid jobId, TestUser? user = null)
    {
        using var http = Documents.Client((user ?? H.User).AccessToken);
        using var response = await http.GetAsync($"/api/v1/documents/{jobId}");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The ids of every document the uploader has, as documents lists them.</summary>
    public async Task<List<Guid>> DocumentIdsAsync()
    {
        using var http = Documents.Client(H.User.AccessToken);
        var list = await http.GetFromJsonAsync<JsonElement>("/api/v1/documents?limit=100");
        return list.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToList();
    }

    /// <summary>The uploader's AI quota as ai-proxy reports it to them (GET /api/v1/ai/usage with their
    /// token).</summary>
    public async Task<(int UsedToday, int DailyLimit)> AiUsageAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(AiProxy.Url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", H.User.AccessToken);
        var usage = await http.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage");
        return (usage.GetProperty("usedToday").GetInt32(), usage.GetProperty("dailyLimit").GetInt32());
    }

    public async ValueTask DisposeAsync()
    {
        await H.DisposeAsync();
        await AiProxy.DisposeAsync();
        await DocumentsLink.DisposeAsync();
        await Vendor.DisposeAsync();
    }
}
