using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.Testing;
using ResumePair.Testing.Services;

namespace ResumePair.ExportOrchestrator.Tests.Support;

/// <summary>The orchestrator, the real documents service and one registered, signed-in user with one resume.</summary>
public sealed class ExportHarness : IAsyncDisposable
{
    public required RealDocumentsService Documents { get; init; }
    public required OrchestratorFactory Factory { get; init; }
    public required TestUser User { get; init; }
    public Guid UserId => User.Id;
    public required Guid DocumentId { get; init; }
    public required HttpClient Client { get; init; }

    /// <param name="documents">A documents service already started (the harness owns it from here); a new one when
    /// null.</param>
    public static async Task<ExportHarness> StartAsync(
        InfrastructureFixture infra,
        TimeProvider? time = null,
        Dictionary<string, string>? settings = null,
        RealDocumentsService? documents = null
    )
    {
        documents ??= await RealDocumentsService.StartAsync(infra);
        var factory = await OrchestratorFactory.CreateAsync(infra, documents, time, settings);
        var user = await documents.RegisterAsync();
        return new ExportHarness
        {
            Documents = documents,
            Factory = factory,
            User = user,
            DocumentId = await CreateEditedResumeAsync(documents, user),
            Client = factory.CreateClient(user.AccessToken),
        };
    }

    /// <summary>
    /// The harness's resume has been edited twice (version 3, older versions with their own titles), so tests can
    /// tell the current version from a requested older one.
    /// </summary>
    private static async Task<Guid> CreateEditedResumeAsync(RealDocumentsService documents, TestUser user)
    {
        var id = await documents.CreateResumeAsync(user, "Jane Doe — Resume (v1)");
        await documents.UpdateResumeAsync(user, id, "Jane Doe — Resume (v2)");
        Assert.Equal(3L, await documents.UpdateResumeAsync(user, id, "Jane Doe — Resume"));
        return id;
    }

    /// <summary>Another registered user (an admin when asked), for tests that need a second account.</summary>
    public Task<TestUser> RegisterAsync(bool admin = false) => Documents.RegisterAsync(admin);

    /// <summary>A new resume of the given user (the harness's own user when null).</summary>
    public Task<Guid> CreateResumeAsync(TestUser? owner = null) => Documents.CreateResumeAsync(owner ?? User);

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
        return bodies
            .Select(b => JsonSerializer.Deserialize<RenderPdfRequested>(b, JsonSerializerOptions.Web)!)
            .ToList();
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var c = await Factory.DataSource.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async Task<bool> InboxHasAsync(string consumer, Guid messageId) =>
        await ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM inbox_messages WHERE consumer = @consumer AND message_id = @messageId)",
            new { consumer, messageId }
        );

    public static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    /// <summary>Plays the renderer for the job's latest dispatched attempt: upload, then PdfRendered; waits for
    /// completion.</summary>
    public async Task<JobView> CompleteAsync(Guid jobId, byte[]? pdf = null, int pages = 1)
    {
        pdf ??= Pdf;
        var request = (await RequestsInOutboxAsync(jobId))[^1];
        using var uploader = Factory.CreateClient();
        var put = await uploader.PutAsync(new Uri(request.UploadUrl).PathAndQuery, new ByteArrayContent(pdf));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, put.StatusCode);
        var bus = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<MassTransit.IBus>(Factory.Services);
        await bus.Publish(
            new PdfRendered
            {
                JobId = jobId,
                Attempt = request.Attempt,
                SizeBytes = pdf.Length,
                Pages = pages,
                Sha256 = "-",
                RenderMilliseconds = 7,
                WorkerId = "test-renderer",
            }
        );
        return await Eventually.UntilAsync(
            () => GetJobAsync(jobId),
            j => !ExportOrchestrator.Jobs.JobStatus.IsUnfinished(j.Status),
            "the job to finish"
        );
    }

    public HttpClient ClientFor(TestUser user) => Factory.CreateClient(user.AccessToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Documents.DisposeAsync();
    }
}
