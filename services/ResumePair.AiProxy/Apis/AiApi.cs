using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using ResumePair.AiProxy.Providers;

namespace ResumePair.AiProxy.Apis;

public static class AiApi
{
    public const int MaxTextLength = 8_000;

    public static IEndpointRouteBuilder MapAiApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/ai").RequireAuthorization().WithTags("AI");
        api.MapPost("/enhance", Enhance).WithSummary("Rewrites resume bullet points to lead with strong verbs.");
        return app;
    }

    public sealed record EnhanceRequest(
        [property: Description("Bullet points, one per line")] string? Text,
        [property: Description("concise (default) or impact")] string? Style);

    public sealed record EnhanceResponse(string Text, IReadOnlyList<EnhancedBullet> Bullets, string Provider);

    private static async Task<Results<Ok<EnhanceResponse>, ValidationProblem>> Enhance(
        EnhanceRequest request, IWritingAssistant assistant, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Text)) errors["text"] = ["Text is required."];
        else if (request.Text.Length > MaxTextLength) errors["text"] = [$"Text must be at most {MaxTextLength} characters."];
        var style = request.Style ?? EnhanceStyle.Concise;
        if (!EnhanceStyle.IsKnown(style)) errors["style"] = ["Style must be 'concise' or 'impact'."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var bullets = await assistant.EnhanceAsync(request.Text!, style, ct);
        return TypedResults.Ok(new EnhanceResponse(string.Join('\n', bullets.Select(b => b.Text)), bullets, assistant.Name));
    }
}
