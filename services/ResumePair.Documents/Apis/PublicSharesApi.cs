using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ResumePair.Documents.Photos;
using ResumePair.Documents.Sharing;
using ResumePair.Web.RateLimiting;

namespace ResumePair.Documents.Apis;

/// <summary>
/// The public pages of published resumes, for anyone with the link (the gateway routes <c>/r/*</c> without a token):
/// the page (the renderer's printable HTML), the password form, and the PDF (the export engine's copy). Nothing but the
/// published document is reachable from here: the slug is the only input, and an unknown, unpublished or rotated slug
/// is a 404 like any other. Every answer is limited per visitor address; browsers get HTML error pages, other
/// clients problem details.
/// </summary>
public static partial class PublicSharesApi
{
    public static string PathOf(string slug) => "/r/" + slug;

    public static IEndpointRouteBuilder MapPublicSharesApi(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/r").WithTags("Sharing").AllowAnonymous();
        pages.MapGet("/{slug}", PageAsync).WithSummary("The published resume as a web page");
        pages
            .MapPost("/{slug}", UnlockAsync)
            .DisableAntiforgery()
            .WithSummary("Unlock a password-protected link (form field `password`)");
        pages.MapGet("/{slug}/pdf", PdfAsync).WithSummary("The published resume as PDF");
        return app;
    }

    public static async Task<IResult> PageAsync(string slug, HttpContext http, ShareStore store, ShareUnlocks unlocks,
        ShareHtmlClient renderer, PhotoStore photos, IOptions<ShareOptions> options, CancellationToken ct)
    {
        var (shared, refusal) = await OpenAsync(slug, SharePolicies.View, http, store, unlocks, ct);
        if (shared is null) return refusal!;
        var snapshot = await SnapshotAsync(shared, photos, options.Value, ct);
        var printable = await renderer.RenderAsync(snapshot, ct);
        if (!Visitors.IsBot(http.Request)) await store.CountAsync(shared.Share.DocumentId, ShareCounter.View, ct);

        var url = $"{http.Request.Scheme}://{http.Request.Host}{PathOf(shared.Share.Slug)}";
        Private(http, shared.Share.Indexable);
        http.Response.Headers.ContentSecurityPolicy = SharePage.Csp;
        var (name, description) = SharePage.Describe(shared.Data);
        return TypedResults.Content(
            SharePage.Compose(printable, shared, url, name, description),
            "text/html; charset=utf-8"
        );
    }

    public static async Task<IResult> UnlockAsync(
        string slug,
        HttpContext http,
        ShareStore store,
        ShareUnlocks unlocks,
        IPasswordHasher<ShareRow> hasher,
        PostgresRateLimiter limiter,
        Visitors visitors,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        // Guessing passwords has its own, tighter limit.
        var decision = await limiter.TryAcquireAsync(SharePolicies.Password, visitors.Partition(http), ct);
        RateLimitHeaders.Apply(http.Response, decision, clock);
        if (!decision.Allowed) return TooMany(http, decision);
        if (!IsSlug(slug) || await store.ResolveAsync(slug, ct) is not { } shared) return NotFound(http);
        if (shared.Share.PasswordHash is null) return SeeOther(http, slug);

        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
        var password = form?["password"].ToString() ?? "";
        if (
            password.Length == 0
            || hasher.VerifyHashedPassword(shared.Share, shared.Share.PasswordHash, password)
                == PasswordVerificationResult.Failed
        )
            return PasswordRequired(http, slug, wrong: true);

        var (token, expires) = await unlocks.IssueAsync(shared.Share, ct);
        http.Response.Cookies.Append(
            ShareUnlocks.CookieName(slug),
            token,
            new CookieOptions
            {
                Path = PathOf(slug),
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                Expires = expires,
            }
        );
        return SeeOther(http, slug);
    }

    public static async Task<IResult> PdfAsync(string slug, HttpContext http, ShareStore store, ShareUnlocks unlocks,
        SharePdfClient exports, PhotoStore photos, IOptions<ShareOptions> options, CancellationToken ct)
    {
        var (shared, refusal) = await OpenAsync(slug, SharePolicies.View, http, store, unlocks, ct);
        if (shared is null) return refusal!;
        var pdf = await exports.GetAsync(await SnapshotAsync(shared, photos, options.Value, ct), ct);
        if (pdf is null)
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                statusCode: 503,
                title: "Still printing",
                detail: "The PDF is being printed; try again in a few seconds."
            );
        }
        if (!Visitors.IsBot(http.Request)) await store.CountAsync(shared.Share.DocumentId, ShareCounter.Download, ct);
        Private(http, shared.Share.Indexable);
        return TypedResults.File(pdf, "application/pdf", FileName(shared.Title));
    }

    /// <summary>The limit, then the slug, then the password: what every visitor route checks before showing
    /// anything.</summary>
    private static async Task<(SharedDocument? Shared, IResult? Refusal)> OpenAsync(
        string slug,
        string policy,
        HttpContext http,
        ShareStore store,
        ShareUnlocks unlocks,
        CancellationToken ct
    )
    {
        var services = http.RequestServices;
        var limiter = services.GetRequiredService<PostgresRateLimiter>();
        var decision = await limiter.TryAcquireAsync(
            policy,
            services.GetRequiredService<Visitors>().Partition(http),
            ct
        );
        RateLimitHeaders.Apply(http.Response, decision, services.GetRequiredService<TimeProvider>());
        if (!decision.Allowed) return (null, TooMany(http, decision));
        if (!IsSlug(slug) || await store.ResolveAsync(slug, ct) is not { } shared) return (null, NotFound(http));
        if (!await unlocks.IsOpenAsync(shared.Share, http.Request, ct))
            return (null, PasswordRequired(http, slug, wrong: false));
        return (shared, null);
    }

    /// <summary>The document as saved, printed with the template and paper its design names (as the editor previews
    /// it).</summary>
    private static async Task<ShareSnapshot> SnapshotAsync(
        SharedDocument shared,
        PhotoStore photos,
        ShareOptions options,
        CancellationToken ct
    )
    {
        using var data = JsonDocument.Parse(shared.Data);
        var root = data.RootElement;
        var design = root.TryGetProperty("design", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var template = Text(design, "template") ?? options.DefaultTemplate;
        var pageSize = Text(design, "pageSize") is "Letter" ? "Letter" : "A4";
        PhotoBytes? photo = null;
        if (
            root.TryGetProperty("profile", out var profile)
            && Text(profile, "photoId") is { } photoId
            && Guid.TryParse(photoId, out var id)
            && await photos.GetSmallAsync(shared.Share.UserId, id, ct) is { } small
        )
            photo = new PhotoBytes(small.ContentType, small.Bytes);
        return new ShareSnapshot(
            shared.Share.DocumentId,
            shared.Version,
            shared.Type,
            shared.Title,
            root.Clone(),
            template,
            pageSize,
            shared.Share.UserId,
            photo
        );
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            && v.GetString() is { Length: > 0 } s ? s : null;

    private static void Private(HttpContext http, bool indexable)
    {
        // The owner can unpublish at any moment: nothing may keep a copy.
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (!indexable) http.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    /// <summary>303: the browser GETs the page, so reloading it does not post the password again.</summary>
    private static IResult SeeOther(HttpContext http, string slug)
    {
        http.Response.Headers.Location = PathOf(slug);
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static bool WantsHtml(HttpContext http) =>
        http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static IResult NotFound(HttpContext http) => WantsHtml(http)
        ? Html(http, 404, SharePage.NotFound())
        : TypedResults.Problem(statusCode: 404, title: "Not found", detail: "No resume is published at this address.");

    private static IResult PasswordRequired(HttpContext http, string slug, bool wrong) => WantsHtml(http)
        ? Html(http, 401, SharePage.PasswordForm(slug, wrong))
        : TypedResults.Problem(statusCode: 401, title: wrong ? "Wrong password" : "Password required",
            detail: "This link is protected: POST the password as the form field 'password' to unlock it.");

    private static IResult TooMany(HttpContext http, RateLimitDecision decision) => WantsHtml(http)
        ? Html(http, 429, SharePage.TooMany())
        : RateLimitHeaders.TooManyRequests(decision, SharePolicies.View);

    private static IResult Html(HttpContext http, int status, string html)
    {
        http.Response.Headers.ContentSecurityPolicy = SharePage.Csp;
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static bool IsSlug(string slug) => SlugShape().IsMatch(slug);

    private static string FileName(string title)
    {
        var name = new string(
            title.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ' ? c : ' ').ToArray()
        ).Trim();
        return (name.Length == 0 ? "resume" : name.Length > 100 ? name[..100].TrimEnd() : name) + ".pdf";
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{12}$")]
    private static partial Regex SlugShape();
}
