using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using ResumePair.Contracts.Exports;
using ResumePair.Testing;
using ResumePair.Testing.Network;
using ResumePair.Testing.Services;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>
/// Real export jobs for the renderer to upload: the real documents service and export orchestrator, one registered user
/// and one resume. The orchestrator runs on a RabbitMQ virtual host of its own, so its dispatches reach no renderer: a
/// test takes a job's first dispatch (the orchestrator's real, signed upload URL for that attempt) and publishes a
/// render request of its own making to the renderer, which uploads to the orchestrator's real <c>PUT
/// /internal/files</c>.
/// </summary>
public sealed class ExportJobs : IAsyncDisposable
{
    private readonly RealDocumentsService _documents;
    private readonly BusStandIn _renderers;
    private readonly TestUser _user;
    private readonly Guid _documentId;

    private ExportJobs(
        RealDocumentsService documents,
        RealExportOrchestrator orchestrator,
        BusStandIn renderers,
        TestUser user,
        Guid documentId
    ) =>
        (_documents, Orchestrator, _renderers, _user, _documentId) = (
            documents,
            orchestrator,
            renderers,
            user,
            documentId
        );

    public RealExportOrchestrator Orchestrator { get; }

    private static readonly Dictionary<string, string> Settings = new()
    {
        // Nothing on its bus reports a render back, so the jobs stay unfinished: room for every job a test run makes.
        ["Export:MaxUnfinishedJobsPerUser"] = "100",
        ["RateLimits:Policies:export-requests:PermitLimit"] = "1000",
        // A dispatch (and, for NextAttemptAsync, the retry's) within a fraction of a second rather than the defaults'
        // seconds.
        ["Outbox:PollInterval"] = "00:00:00.100",
        ["Export:SchedulerInterval"] = "00:00:00.100",
        ["Export:RetryBaseDelay"] = "00:00:00.050",
        ["Export:RetryMaxDelay"] = "00:00:00.100",
    };

    public static async Task<ExportJobs> StartAsync(InfrastructureFixture infra, CancellationToken ct = default)
    {
        var documents = await RealDocumentsService.StartAsync(infra);
        var amqp = await infra.CreateVirtualHostAsync("exports", ct);
        var renderers = await BusStandIn.ForRenderersAsync(new Uri(amqp));
        var orchestrator = await RealExportOrchestrator.StartAsync(infra, documents, amqp, Settings, ct);
        var user = await documents.RegisterAsync();
        return new ExportJobs(documents, orchestrator, renderers, user, await documents.CreateResumeAsync(user));
    }

    /// <summary>A new export job, as the orchestrator dispatched its first attempt (through its outbox, on its
    /// bus).</summary>
    public async Task<RenderPdfRequested> CreateAsync(CancellationToken ct = default)
    {
        var jobId = await Orchestrator.RequestPdfExportAsync(_user, _documentId, ct);
        return await _renderers.WaitForAsync<RenderPdfRequested>(r => r.JobId == jobId && r.Attempt == 1);
    }

    /// <summary>
    /// Reports the attempt failed (retryable) on the orchestrator's bus, as a renderer would, and returns the next
    /// attempt's dispatch: a new upload URL that only that attempt can use.
    /// </summary>
    public async Task<RenderPdfRequested> NextAttemptAsync(RenderPdfRequested attempt, CancellationToken ct = default)
    {
        await _renderers.Publisher.Publish(
            new PdfRenderFailed
            {
                JobId = attempt.JobId,
                Attempt = attempt.Attempt,
                Error = "renderer tests: next attempt",
                Retryable = true,
                WorkerId = "renderer-tests",
            },
            ct
        );
        return await _renderers.WaitForAsync<RenderPdfRequested>(r =>
            r.JobId == attempt.JobId && r.Attempt == attempt.Attempt + 1
        );
    }

    /// <summary>The uploads the orchestrator received on the job's upload URL.</summary>
    public IReadOnlyList<FileUpload> UploadsOf(RenderPdfRequested job) =>
        Orchestrator
            .FileUploads.Where(u => job.UploadUrl.EndsWith("/internal/files/" + u.Token, StringComparison.Ordinal))
            .ToList();

    /// <summary>The file the orchestrator stored for the job's attempt, or null.</summary>
    public Task<StoredFile?> StoredFileAsync(RenderPdfRequested job, CancellationToken ct = default) =>
        Orchestrator.StoredFileAsync(job.JobId, job.Attempt, ct);

    /// <summary>Neither an upload of the job's attempt reached the orchestrator nor a file of it is stored.</summary>
    public async Task AssertNothingUploadedAsync(RenderPdfRequested job)
    {
        Assert.Empty(UploadsOf(job));
        Assert.Null(await StoredFileAsync(job));
    }

    /// <summary>
    /// The upload URL through <paramref name="link"/> instead of discovery (a full URL passes discovery untouched): a
    /// test's own link, so no other job's upload (a message redelivered from an earlier test) can take its losses.
    /// </summary>
    public static string Through(LossyLink link, string uploadUrl) => link.Url + new Uri(uploadUrl).PathAndQuery;

    /// <summary>
    /// The upload URL with its expiry pushed back an hour and the orchestrator's signature kept: what someone
    /// stretching a URL's life would send. The signature covers the expiry, so the orchestrator refuses it (403).
    /// </summary>
    public static string WithExtendedExpiry(string uploadUrl)
    {
        var slash = uploadUrl.LastIndexOf('/');
        // base64url(purpose.job.attempt.expiry) "." base64url(signature)
        var token = uploadUrl[(slash + 1)..].Split('.');
        var payload = Encoding.ASCII.GetString(WebEncoders.Base64UrlDecode(token[0])).Split('.');
        payload[3] = (long.Parse(payload[3]) + 3600).ToString();
        return uploadUrl[..(slash + 1)]
            + WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes(string.Join('.', payload)))
            + "."
            + token[1];
    }

    public async ValueTask DisposeAsync()
    {
        await _renderers.DisposeAsync();
        await Orchestrator.DisposeAsync();
        await _documents.DisposeAsync();
    }
}
