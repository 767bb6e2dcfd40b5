using ResumePair.PdfRenderer.Rendering;
using ResumePair.Web.Internal;

namespace ResumePair.PdfRenderer.Apis;

/// <summary>
/// /internal/v1/operator: what the AppHost's resource commands run from the Aspire dashboard, on each replica. Signed
/// with the run's Internal:Key like every internal call; the gateway never routes /internal.
/// </summary>
public static class OperatorApi
{
    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/v1/operator/recycle-browser", RecycleBrowserAsync)
            .RequireInternalAuth()
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>Renders in flight finish, new ones wait for the fresh browser (about one launch, ≈0.5 s).</summary>
    private static async Task<IResult> RecycleBrowserAsync(PagePool pool)
    {
        await pool.RecycleNowAsync("operator command");
        return TypedResults.Ok(new RecycleReport(pool.Recycles));
    }

    public sealed record RecycleReport(int Recycles);
}
