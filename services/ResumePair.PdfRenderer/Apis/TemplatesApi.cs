using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Templates;
using ResumePair.ServiceDefaults.Localization;
using ResumePair.Web.Internal;

namespace ResumePair.PdfRenderer.Apis;

public sealed record TemplateSummary(string Id, string Name, string Description, IReadOnlyList<string> PageSizes,
    IReadOnlyList<string> DocumentTypes, string PreviewUrl, string PreviewImageUrl, TemplateDesign Design);

/// <summary>What the template prints when a document's design says nothing, and what it allows.</summary>
public sealed record TemplateDesign(
    string AccentColor,
    string FontFamily,
    double FontSize,
    double LineHeight,
    IReadOnlyList<string> SectionOrder,
    IReadOnlyDictionary<string, string> SectionTitles,
    bool TwoColumns,
    bool PhotoSlot
);

/// <summary><c>Photo</c>: optional <c>data:image/…;base64,…</c> URI, printed like the export's photo.</summary>
public sealed record PreviewRequest(string? Type, string? Title, JsonElement Data, string? Photo = null);

public static class TemplatesApi
{
    /// <summary>The preview is printed from exactly this page, and a browser showing it must be held to the
    /// same rules as Chromium: no script, no outside requests.</summary>
    private const string PreviewCsp =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'";

    public static RouteGroupBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/templates").WithTags("Templates");
        api.MapGet("/", ListTemplates).AllowAnonymous().WithContentLanguage();
        api.MapGet("/{id}/preview.png", PreviewImage).AllowAnonymous();
        // Documents are at most 1 MiB; the JSON envelope adds little.
        api.MapPost("/{id}/preview", Preview).RequireAuthorization().DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(2 * 1024 * 1024));
        // The same page for a published resume's public page (documents' /r/{slug}): signed by the documents service,
        // which has checked the link, instead of a user's token. The body is read here: binding would run before the
        // signature check.
        app.MapPost("/internal/v1/templates/{id}/html", InternalHtml).RequireInternalAuth().ExcludeFromDescription();
        return api;
    }

    /// <summary>Names and descriptions in the reader's language (the picker shows them); ids never change.</summary>
    private static Ok<TemplateSummary[]> ListTemplates(ITemplateCatalog catalog, ServerTexts texts) =>
        TypedResults.Ok(
            catalog
                .All.Select(t => new TemplateSummary(
                    t.Id,
                    texts.Localize(t.Name),
                    texts.Localize(t.Description),
                    t.PageSizes,
                    t.DocumentTypes,
                    $"/api/v1/templates/{Uri.EscapeDataString(t.Id)}/preview",
                    $"/api/v1/templates/{Uri.EscapeDataString(t.Id)}/preview.png",
                    new TemplateDesign(
                        t.Look.Defaults.Accent,
                        t.Look.Defaults.Font,
                        t.Look.Defaults.FontSize,
                        t.Look.Defaults.LineHeight,
                        t.Look.SectionOrder,
                        t.Look.Titles,
                        t.Look.Layout == Templates.Design.PageLayout.Sidebar,
                        t.HasPhotoSlot
                    )
                ))
                .ToArray()
        );

    private static async Task<IResult> PreviewImage(
        string id,
        TemplateThumbnails thumbnails,
        HttpContext http,
        CancellationToken ct
    )
    {
        if (await thumbnails.GetAsync(id, ct) is not { } png)
            return TypedResults.Problem(
                statusCode: 404,
                title: "Template not found",
                detail: $"There is no template '{id}'."
            );
        // Same bytes for the life of this build: let browsers and the gateway keep it for a day.
        http.Response.Headers.CacheControl = "public, max-age=86400";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(png, "image/png");
    }

    private static async Task<IResult> InternalHtml(
        string id,
        string? pageSize,
        HttpRequest request,
        ITemplateCatalog catalog,
        DocumentHtmlRenderer renderer,
        CancellationToken ct
    )
    {
        PreviewRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<PreviewRequest>(request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException)
        {
            body = null;
        }
        if (body is null)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = ["Must be a JSON preview request."] }
            );
        return await Preview(id, pageSize, body, catalog, renderer, request.HttpContext, ct);
    }

    private static async Task<IResult> Preview(
        string id,
        string? pageSize,
        PreviewRequest body,
        ITemplateCatalog catalog,
        DocumentHtmlRenderer renderer,
        HttpContext http,
        CancellationToken ct
    )
    {
        if (catalog.Find(id) is not { } template)
            return TypedResults.Problem(
                statusCode: 404,
                title: "Template not found",
                detail: $"There is no template '{id}'."
            );

        var errors = new Dictionary<string, string[]>();
        if (!DocumentTypes.IsKnown(body.Type))
            errors["type"] = [$"Must be '{DocumentTypes.Resume}' or '{DocumentTypes.CoverLetter}'."];
        else if (template.ComponentFor(body.Type!) is null)
            errors["type"] = [$"Template '{template.Id}' does not render '{body.Type}' documents."];
        var size = PageSizes.Normalize(pageSize ?? PageSizes.A4);
        if (size is null || !template.PageSizes.Contains(size))
            errors["pageSize"] = [$"Must be one of: {string.Join(", ", template.PageSizes)}."];
        if (body.Data.ValueKind != JsonValueKind.Object) errors["data"] = ["Must be a JSON object."];
        var photo = Photo.FromDataUri(body.Photo);
        if (body.Photo is not null && photo is null) errors["photo"] = ["Must be a data:image/...;base64,... URI."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        string html;
        try
        {
            html = (
                await renderer.RenderPageAsync(
                    new RenderRequest(template.Id, body.Type!, body.Title ?? "", body.Data, size, photo),
                    ct
                )
            ).Html;
        }
        catch (RenderFailure f) when (!f.Retryable)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["data"] = [f.Message] });
        }

        http.Response.Headers.ContentSecurityPolicy = PreviewCsp;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }
}
