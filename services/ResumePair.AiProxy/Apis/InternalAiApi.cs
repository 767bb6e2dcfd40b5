using System.Security.Claims;
using System.Text.Json;
using ResumePair.AiProxy.Features;
using ResumePair.Web.Internal;

namespace ResumePair.AiProxy.Apis;

/// <summary>
/// Service-to-service AI routes (signed with the shared internal key, never routed by the gateway). The export
/// orchestrator's import job extracts a resume from an uploaded file's text here, on behalf of the user who
/// uploaded it: the same feature as <c>POST /api/v1/ai/extract</c> — provider, schema validation with one repair
/// attempt, cache, usage ledger and that user's daily quota — only without the user's token.
/// </summary>
public static class InternalAiApi
{
    public static IEndpointRouteBuilder MapInternalAiApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/v1/extract", ExtractAsync).RequireInternalAuth().ExcludeFromDescription();
        return app;
    }

    /// <summary>The caller is trusted (signature) to name the user; <c>plan</c> picks the same daily quota the user's
    /// token would.</summary>
    public sealed record InternalExtractRequest(Guid UserId, string? Text, string? Plan = null);

    // The body is read by hand: the signature filter has to see the bytes before anything binds them.
    private static async Task<IResult> ExtractAsync(HttpContext http, AiRunner runner)
    {
        InternalExtractRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<InternalExtractRequest>(
                http.Request.Body,
                JsonSerializerOptions.Web,
                http.RequestAborted
            );
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: 400, title: "Malformed JSON", detail: e.Message);
        }
        if (request is null || request.UserId == Guid.Empty)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["userId"] = ["userId is required."] });

        // The quota, cache and ledger key on the principal's sub (and plan): act as that user for this request.
        List<Claim> claims = [new("sub", request.UserId.ToString())];
        if (!string.IsNullOrWhiteSpace(request.Plan)) claims.Add(new Claim("plan", request.Plan));
        http.User = new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType: "internal"));
        // Text pulled out of an uploaded file by a tool may hold NULs (pdftotext passes some through): they carry
        // nothing, so they are dropped here instead of failing the user's import.
        return await AiApi.Extract(
            new ExtractRequest(request.Text?.Replace("\0", "", StringComparison.Ordinal)),
            http,
            runner
        );
    }
}
