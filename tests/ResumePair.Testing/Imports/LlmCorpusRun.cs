extern alias exports;
using System.Text.Json;
using exports::ResumePair.ExportOrchestrator.Imports;
using Microsoft.Extensions.Options;
using ResumePair.Contracts.Documents;
using ResumePair.Testing.Services;
using ResumePair.Testing.Vendors;
using ResumePair.Web.Internal;

namespace ResumePair.Testing.Imports;

/// <summary>
/// The import corpus through the LLM path: the real ai-proxy with its provider pointed at the fake OpenAI vendor, which
/// replays <see cref="RecordedAnswers"/>; each resume's text is sent as the import job sends it (the orchestrator's own
/// <see cref="AiExtractClient"/>, signed <c>POST /internal/v1/extract</c>), so the answer scored is the one after
/// ai-proxy's schema validation and its check against the rule parser (one repair request, then completion).
/// </summary>
public sealed class LlmCorpusRun : IAsyncDisposable
{
    private readonly RealDocumentsService _documents;
    private readonly RealAiProxyService _aiProxy;
    private readonly HttpClient _http;

    private LlmCorpusRun(
        RealDocumentsService documents,
        RealAiProxyService aiProxy,
        FakeOpenAiServer vendor,
        HttpClient http
    ) => (_documents, _aiProxy, Vendor, _http) = (documents, aiProxy, vendor, http);

    public FakeOpenAiServer Vendor { get; }

    /// <summary>The resumes whose first answer the check sent back for the one repair request.</summary>
    public List<string> Repaired { get; } = [];

    /// <summary>Why, per resume: the findings the repair request told the model.</summary>
    public Dictionary<string, string> RepairReasons { get; } = [];

    private const string RejectedMarker = "Your previous answer was rejected: ";

    public static async Task<LlmCorpusRun> StartAsync(InfrastructureFixture infra)
    {
        var documents = await RealDocumentsService.StartAsync(infra);
        var vendor = await FakeOpenAiServer.StartAsync();
        var settings = vendor.ProxySettings();
        // One tenant sends the whole corpus: no quota or vendor budget stands in the way, and no cached answer (every
        // resume is its own user, so a repeated text such as a template on both page sizes is asked again).
        settings["Ai:DailyLimit"] = "100000";
        settings["Ai:Budget:RequestsPerMinute"] = "100000";
        settings["Ai:Budget:TokensPerMinute"] = "100000000";
        settings["Ai:CacheLifetime"] = "00:00:00.001";
        var aiProxy = await RealAiProxyService.StartAsync(infra, documents, settings);
        var signing = new InternalSigningHandler(
            Options.Create(new InternalAuthOptions { Key = documents.InternalKey }),
            TimeProvider.System
        )
        {
            InnerHandler = new SocketsHttpHandler(),
        };
        var http = new HttpClient(signing) { BaseAddress = new Uri(aiProxy.Url), Timeout = TimeSpan.FromSeconds(60) };
        return new LlmCorpusRun(documents, aiProxy, vendor, http);
    }

    /// <param name="read">The text of a case's file, as the import job reads it.</param>
    public async Task<CorpusScore> ScoreAsync(
        IEnumerable<CorpusCase> cases,
        Func<CorpusCase, string> read,
        CancellationToken ct = default
    )
    {
        var score = new CorpusScore();
        var client = new AiExtractClient(_http);
        foreach (var c in cases)
        {
            Vendor.Default = RecordedAnswers.For(c);
            var before = Vendor.Requests;
            var (data, _) = await client.ExtractAsync(Guid.NewGuid(), read(c), plan: null, ct);
            if (Vendor.Requests - before > 1)
            {
                Repaired.Add(c.Name);
                var repair = FakeOpenAiServer.UserText(Vendor.Received.Last());
                var from = repair.IndexOf(RejectedMarker, StringComparison.Ordinal);
                RepairReasons[c.Name] =
                    from < 0 ? repair : repair[(from + RejectedMarker.Length)..repair.IndexOf('\n', from)];
            }
            score.Add(c, data.Deserialize<ResumeData>(JsonSerializerOptions.Web)!);
        }
        return score;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _aiProxy.DisposeAsync();
        await Vendor.DisposeAsync();
        await _documents.DisposeAsync();
    }
}
