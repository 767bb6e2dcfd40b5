using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Support;

/// <summary>The orchestrator, a fake documents service and one signed-in user with one document.</summary>
public sealed class ExportHarness : IAsyncDisposable
{
    public required FakeDocumentsServer Documents { get; init; }
    public required OrchestratorFactory Factory { get; init; }
    public Guid UserId { get; } = Guid.NewGuid();
    public required Guid DocumentId { get; init; }
    public required HttpClient Client { get; init; }

    public static async Task<ExportHarness> StartAsync(InfrastructureFixture infra, TimeProvider? time = null, Dictionary<string, string>? settings = null)
    {
        var documents = await FakeDocumentsServer.StartAsync();
        var factory = await OrchestratorFactory.CreateAsync(infra, documents, time, settings);
        var userId = Guid.NewGuid();
        return new ExportHarness(userId)
        {
            Documents = documents,
            Factory = factory,
            DocumentId = documents.AddDocument(userId),
            Client = factory.CreateClient(documents.MintToken(userId)),
        };
    }

    private ExportHarness(Guid userId) => UserId = userId;

    public async Task<Guid> RequestExportAsync(HttpClient? client = null, Guid? documentId = null)
    {
        var response = await (client ?? Client).PostAsJsonAsync("/api/v1/export/pdf",
            new { documentId = documentId ?? DocumentId, templateId = "ats-single-column", pageSize = "A4" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ExportAccepted>())!.JobId;
    }

    public async Task<JobView> GetJobAsync(Guid jobId) =>
        (await Client.GetFromJsonAsync<JobView>($"/api/v1/export/job/{jobId}"))!;

    /// <summary>The RenderPdfRequested messages the orchestrator put in its outbox for a job, by attempt.</summary>
    public async Task<List<RenderPdfRequested>> RequestsInOutboxAsync(Guid jobId)
    {
        await using var c = await Factory.DataSource.OpenConnectionAsync();
        var bodies = await c.QueryAsync<string>(
            "SELECT body::text FROM outbox_messages WHERE message_type = @type AND body->>'jobId' = @job ORDER BY id",
            new { type = typeof(RenderPdfRequested).FullName, job = jobId.ToString() });
        return bodies.Select(b => JsonSerializer.Deserialize<RenderPdfRequested>(b, JsonSerializerOptions.Web)!).ToList();
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var c = await Factory.DataSource.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async Task<bool> InboxHasAsync(string consumer, Guid messageId) =>
        await ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM inbox_messages WHERE consumer = @consumer AND message_id = @messageId)", new { consumer, messageId });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Documents.DisposeAsync();
    }
}
