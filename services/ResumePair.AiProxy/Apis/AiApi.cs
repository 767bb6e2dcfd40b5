using System.Text.Json;
using ResumePair.Documents.Client;
using ResumePair.AiProxy.Features;
using ResumePair.AiProxy.Limits;
using ResumePair.AiProxy.Providers;
using ResumePair.AiProxy.Providers.Parsing;
using ResumePair.Contracts.Documents;
using ResumePair.Web.Idempotency;
using ResumePair.Web.RateLimiting;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.AiProxy.Apis;

/// <summary>/api/v1/ai: the writing features. Each validates its input, builds its prompt and hands it to
/// <see cref="AiResponder"/>.</summary>
public static class AiApi
{
    public const int MaxTextLength = 8_000;
    public const int MaxPromptLength = 4_000;
    public const int MaxPastedResumeLength = 30_000;
    public const int MaxJobDescriptionLength = 20_000;

    private static readonly string[] Sections = ["summary", "headline", "highlights", "skills", "general"];

    public static IEndpointRouteBuilder MapAiApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/ai")
            .RequireAuthorization()
            .WithTags("AI")
            .AddEndpointFilter(RemainingTodayHeader);
        // Idempotency first: a replayed answer spends neither the rate limit nor the daily quota.
        api.MapPost("/generate", Generate)
            .WithIdempotency()
            .RequireUserRateLimit("ai-generate")
            .WithSummary("Drafts resume content.");
        api.MapPost("/extract", Extract)
            .WithIdempotency()
            .RequireUserRateLimit("ai-extract")
            .WithSummary("Turns pasted resume text into schema-valid resume data.");
        api.MapPost("/enhance", Enhance)
            .WithIdempotency()
            .RequireUserRateLimit("ai-enhance")
            .WithSummary("Rewrites resume bullet points to lead with strong verbs.");
        api.MapPost("/tailor", Tailor)
            .WithIdempotency()
            .RequireUserRateLimit("ai-tailor")
            .WithSummary("Suggests edits to match a job posting, with a deterministic match score.");
        api.MapPost("/cover-letter", CoverLetter)
            .WithIdempotency()
            .RequireUserRateLimit("ai-cover-letter")
            .WithSummary("Drafts a cover letter for a job posting.");
        api.MapGet("/usage", UsageApi.Usage).WithSummary("Today's AI quota.");
        api.MapGet("/stats", UsageApi.Stats)
            .RequireAuthorization(p => p.RequireClaim("role", "admin"))
            .WithSummary("Usage ledger summary (admin).");
        return app;
    }

    /// <summary>Every answer says how many AI requests are left today; routes that spend one set it
    /// themselves.</summary>
    private static async ValueTask<object?> RemainingTodayHeader(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next
    )
    {
        var http = context.HttpContext;
        http.Response.OnStarting(async () =>
        {
            if (http.Response.Headers.ContainsKey(AiResponder.RemainingHeader))
                return;
            try
            {
                var standing = await http
                    .RequestServices.GetRequiredService<DailyQuota>()
                    .PeekAsync(http.User, CancellationToken.None);
                http.Response.Headers[AiResponder.RemainingHeader] = standing.Remaining.ToString();
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                // The answer matters more than the header.
            }
        });
        return await next(context);
    }

    private static async Task<IResult> Generate(
        GenerateRequest request,
        HttpContext http,
        DocumentsClient documents,
        AiRunner runner
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Prompt)) errors["prompt"] = ["Prompt is required."];
        else if (request.Prompt.Length > MaxPromptLength)
            errors["prompt"] = [$"Prompt must be at most {MaxPromptLength} characters."];
        else if (HasNul(request.Prompt)) errors["prompt"] = [NulMessage];
        var section = request.Section?.Trim().ToLowerInvariant() ?? "general";
        if (!Sections.Contains(section))
            errors["section"] = [$"Section must be one of: {string.Join(", ", Sections)}."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        ResumeData? resume = null;
        if (request.DocumentId is { } id)
        {
            var (problem, found) = await ReadResumeAsync(id, http, documents, "documentId");
            if (problem is not null) return problem;
            resume = found;
        }
        var prompt = Prompts.Generate(new GenerateInput(request.Prompt!.Trim(), section, resume));
        return await AiResponder.RespondAsync(http, prompt, null,
            text => new GenerateResponse(text.Trim(), section, runner.Provider.Name, runner.Provider.Model));
    }

    internal static async Task<IResult> Extract(ExtractRequest request, HttpContext http, AiRunner runner)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = ["Text is required."] });
        if (request.Text.Length > MaxPastedResumeLength)
            return Results.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["text"] = [$"Text must be at most {MaxPastedResumeLength} characters."],
                }
            );
        if (HasNul(request.Text))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [NulMessage] });

        var prompt = Prompts.Extract(new ExtractInput(request.Text));
        // The rules parse every text (milliseconds): their unplaced lines go to the user with the offline answer, and a
        // model's answer is held against their structure (ExtractCheck: one repair request, then completed from them).
        var parsed = ResumeParser.Parse(request.Text);
        var offline = runner.Provider.Name == "offline";
        return await AiResponder.RespondAsync(
            http,
            prompt,
            text => SchemaValidator.Resume(text).Error,
            text => new ExtractResponse(
                SchemaValidator.Resume(text).Value!,
                runner.Provider.Name,
                runner.Provider.Model,
                offline ? parsed.Unplaced : []
            ),
            offline ? null : new ExtractCheck(parsed.Data, request.Text)
        );
    }

    private static async Task<IResult> Enhance(EnhanceRequest request, HttpContext http, AiRunner runner)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Text)) errors["text"] = ["Text is required."];
        else if (request.Text.Length > MaxTextLength)
            errors["text"] = [$"Text must be at most {MaxTextLength} characters."];
        else if (HasNul(request.Text)) errors["text"] = [NulMessage];
        var style = request.Style ?? EnhanceStyle.Concise;
        if (!EnhanceStyle.IsKnown(style)) errors["style"] = ["Style must be 'concise' or 'impact'."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var originals = Lines(request.Text!);
        var prompt = Prompts.Enhance(new EnhanceInput(request.Text!, style));
        // The number check is ours, not the model's: the same bullet always gets the same note (in the reader's
        // language).
        var numberNote = http.RequestServices.GetRequiredService<ServerTexts>()
            .Localize("Add a number that shows the result (time saved, revenue, users, %).");
        return await AiResponder.RespondAsync(http, prompt, null, text =>
        {
            var rewritten = Lines(text);
            var bullets = rewritten
                .Select(
                    (line, i) =>
                        new EnhancedBullet(
                            i < originals.Count ? originals[i] : "",
                            line,
                            style == EnhanceStyle.Impact && !line.Any(char.IsDigit) ? [numberNote] : []
                        )
                )
                .ToList();
            return new EnhanceResponse(
                string.Join('\n', rewritten),
                bullets,
                runner.Provider.Name,
                runner.Provider.Model
            );
        });
    }

    private static async Task<IResult> Tailor(
        TailorRequest request,
        HttpContext http,
        DocumentsClient documents,
        AiRunner runner
    )
    {
        if (ValidatePosting(request.DocumentId, request.JobDescription) is { } invalid) return invalid;
        var (problem, resume) = await ReadResumeAsync(request.DocumentId!.Value, http, documents, "documentId");
        if (problem is not null) return problem;

        var match = KeywordMatcher.Match(
            request.JobDescription!,
            ResumeText.Of(resume!),
            OfflineDrafts.Company(request.JobDescription!)
        );
        var prompt = Prompts.Tailor(new TailorInput(resume!, request.JobDescription!, match));
        return await AiResponder.RespondAsync(http, prompt, null, text => new TailorResponse(
            match.Score,
            match.Matched,
            match.Missing,
            Lines(text).Take(12).ToList(),
            runner.Provider.Name,
            runner.Provider.Model
        ));
    }

    private static async Task<IResult> CoverLetter(
        CoverLetterRequest request,
        HttpContext http,
        DocumentsClient documents,
        AiRunner runner,
        TimeProvider time
    )
    {
        if (ValidatePosting(request.DocumentId, request.JobDescription) is { } invalid) return invalid;
        var (problem, resume) = await ReadResumeAsync(request.DocumentId!.Value, http, documents, "documentId");
        if (problem is not null) return problem;

        var match = KeywordMatcher.Match(
            request.JobDescription!,
            ResumeText.Of(resume!),
            OfflineDrafts.Company(request.JobDescription!)
        );
        var prompt = Prompts.CoverLetter(
            new CoverLetterInput(resume!, request.JobDescription!, match, time.GetUtcNow().ToString("yyyy-MM-dd"))
        );
        return await AiResponder.RespondAsync(
            http,
            prompt,
            text => SchemaValidator.CoverLetter(text).Error,
            text => new CoverLetterResponse(
                SchemaValidator.CoverLetter(text).Value!,
                runner.Provider.Name,
                runner.Provider.Model
            )
        );
    }

    private static IResult? ValidatePosting(Guid? documentId, string? jobDescription)
    {
        var errors = new Dictionary<string, string[]>();
        if (documentId is null || documentId == Guid.Empty) errors["documentId"] = ["documentId is required."];
        if (string.IsNullOrWhiteSpace(jobDescription)) errors["jobDescription"] = ["jobDescription is required."];
        else if (jobDescription.Length > MaxJobDescriptionLength)
            errors["jobDescription"] = [$"jobDescription must be at most {MaxJobDescriptionLength} characters."];
        else if (HasNul(jobDescription)) errors["jobDescription"] = [NulMessage];
        return errors.Count > 0 ? Results.ValidationProblem(errors) : null;
    }

    /// <summary>Reads the caller's resume with their own token, so the documents service decides who may read
    /// it.</summary>
    private static async Task<(IResult? Problem, ResumeData? Resume)> ReadResumeAsync(
        Guid id,
        HttpContext http,
        DocumentsClient documents,
        string field
    )
    {
        var (outcome, document) = await documents.GetAsync(id, http.Request.Headers.Authorization, http.RequestAborted);
        if (outcome == DocumentLookup.Unauthorized)
            return (
                Results.Problem(statusCode: 401, title: "Unauthorized", detail: "The session is no longer valid."),
                null
            );
        if (document is null)
            return (Results.Problem(statusCode: 404, title: "Not found", detail: "Document not found."), null);
        if (document.Type != DocumentTypes.Resume)
            return (
                Results.ValidationProblem(
                    new Dictionary<string, string[]> { [field] = ["The document must be a resume."] }
                ),
                null
            );
        try
        {
            return (null, document.Data.Deserialize<ResumeData>(JsonSerializerOptions.Web) ?? new ResumeData());
        }
        catch (JsonException)
        {
            return (
                Results.Problem(
                    statusCode: 422,
                    title: "Unreadable document",
                    detail: "The resume's data could not be read."
                ),
                null
            );
        }
    }

    private const string NulMessage = "Must not contain NUL characters.";

    /// <summary>
    /// NUL cannot be stored by PostgreSQL (cache, ledger) nor shown by anyone: refused as input (it was a 500), so no
    /// answer built from the input carries one either.
    /// </summary>
    internal static bool HasNul(string text) => text.Contains('\0');

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => BulletPrefix(l.Trim())).Where(l => l.Length > 0).ToList();

    private static string BulletPrefix(string line) =>
        line.StartsWith("- ", StringComparison.Ordinal)
        || line.StartsWith("* ", StringComparison.Ordinal)
        || line.StartsWith("• ", StringComparison.Ordinal)
            ? line[2..].Trim()
            : line;
}
