using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using ResumePair.Contracts.Documents;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Scoring;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Localization;
using ResumePair.Web.RateLimiting;

namespace ResumePair.Documents.Apis;

/// <param name="Version">The document version scored (the current one).</param>
public sealed record ScoreResponse(Guid DocumentId, long Version, int Score, int MaxScore,
    IReadOnlyList<ScoreCategoryView> Categories, IReadOnlyList<ScoreReasonView> Reasons, DateTime ComputedAt);

public sealed record ScoreCategoryView(string Id, string Name, int Points, int MaxPoints);

/// <param name="Message">In the request's language (Accept-Language), like the category names.</param>
public sealed record ScoreReasonView(string Id, string Category, bool Passed, int Points, int MaxPoints, string Message,
    string? Path);

/// <summary>GET /api/v1/documents/{id}/score: the deterministic resume score, memoised per version.</summary>
public static class ScoreApi
{
    public const string CacheHeader = "X-Score-Cache";

    public static RouteHandlerBuilder MapScoreApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/documents/{id:guid}/score", GetScoreAsync)
            .WithTags("Documents")
            .RequireAuthorization()
            .RequireUserRateLimit(ScoringExtensions.RatePolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithContentLanguage()
            .WithSummary(
                "The resume's score out of 100 with the reasons (each naming the field to improve); 10 per minute."
            );

    public static async Task<Results<Ok<ScoreResponse>, ValidationProblem, ProblemHttpResult>> GetScoreAsync(
        Guid id, ClaimsPrincipal user, DocumentStore documents, ScoreStore scores, IStringLocalizer<ScoreTexts> texts,
        HttpResponse response, CancellationToken ct)
    {
        var document = await documents.GetAsync(user.UserId(), id, ct);
        if (document is null) return DocumentsApi.NotFound();
        if (document.Type != DocumentTypes.Resume)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["id"] = ["Only resumes have a score."] },
                title: "Not a resume"
            );

        var memo = await scores.GetAsync(id, document.Version, ct);
        response.Headers[CacheHeader] = memo is null ? "miss" : "hit";
        if (memo is null)
        {
            var resume = JsonSerializer.Deserialize<ResumeData>(document.Data, JsonSerializerOptions.Web)
                ?? new ResumeData();
            memo = await scores.PutAsync(id, document.Version, ResumeScorer.Score(resume), ct);
        }
        var s = memo.Score;
        var categories = s.Categories.Select(c =>
            new ScoreCategoryView(c.Id, ScoreTexts.CategoryName(texts, c), c.Points, c.MaxPoints));
        var reasons = s.Reasons.Select(r => new ScoreReasonView(r.Id, r.Category, r.Passed, r.Points, r.MaxPoints,
            ScoreTexts.Message(texts, r), r.Path));
        return TypedResults.Ok(new ScoreResponse(id, document.Version, s.Score, s.Categories.Sum(c => c.MaxPoints),
            [.. categories], [.. reasons], memo.ComputedAt));
    }
}
