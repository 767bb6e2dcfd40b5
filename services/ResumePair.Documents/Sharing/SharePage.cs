using System.Text.Encodings.Web;
using System.Text.Json;

namespace ResumePair.Documents.Sharing;

/// <summary>
/// The public page around the renderer's printable HTML: the resume markup and stylesheet are left exactly as the PDF
/// is printed from them; the head gains the robots rule, Open Graph tags and a viewport, and the body a bar with the
/// PDF download. Screen-only CSS turns the print page into a sheet on a grey desk, and on a phone into one column.
/// </summary>
public static class SharePage
{
    /// <summary>As strict as the printed page's own policy (no script at all, inline styles and data: images/fonts),
    /// plus the password form posting back here; no framing by other sites.</summary>
    public const string Csp =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private const string ScreenCss = """
        <style media="screen">
        html { background: #e9ecef; }
        html body { box-sizing: border-box; max-width: 216mm; margin: 64px auto 32px; padding: 14mm 15mm;
               background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.18); }
        .rp-share-bar { position: fixed; inset: 0 0 auto 0; z-index: 10; display: flex; align-items: center; gap: 12px;
               padding: 10px 16px; background: #1f2937; color: #f9fafb; font: 14px/1.3 system-ui, sans-serif; }
        .rp-share-bar .rp-title { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .rp-share-bar a { color: #111827; background: #fbbf24; padding: 8px 14px; border-radius: 6px;
               text-decoration: none; font-weight: 600; white-space: nowrap; }
        @media (max-width: 760px) {
          html body { margin: 56px 0 0; padding: 6vw 5vw; box-shadow: none; font-size: 105%; }
          html body .columns > .sidebar { float: none; width: auto; margin: 0 0 1.2em; }
          html body .entry-head { flex-wrap: wrap; }
          img { max-width: 100%; height: auto; }
        }
        @media print { .rp-share-bar { display: none; } }
        </style>
        """;

    public static string Compose(
        string printableHtml,
        SharedDocument shared,
        string pageUrl,
        string? name,
        string? description
    )
    {
        var title = name ?? (shared.Title.Length > 0 ? shared.Title : "Resume");
        var head = string.Join(
            '\n',
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            shared.Share.Indexable
                ? "<meta name=\"robots\" content=\"index, follow\">"
                : "<meta name=\"robots\" content=\"noindex, nofollow\">",
            Meta("og:type", "profile"),
            Meta("og:title", title),
            Meta("og:url", pageUrl),
            description is { Length: > 0 } d
                ? Meta("og:description", d) + "\n" + $"<meta name=\"description\" content=\"{Attr(d)}\">"
                : "",
            Meta("og:site_name", "ResumePair"),
            "<meta name=\"twitter:card\" content=\"summary\">"
        );
        var bar = $"""
            <div class="rp-share-bar" role="banner"><span class="rp-title">{HtmlEncoder.Default.Encode(title)}</span>
            <a href="{Attr(shared.Share.Slug)}/pdf" download>Download PDF</a></div>
            """;
        // The screen CSS goes last in the head, so it wins over the template's own body rules (same specificity).
        var html = InsertAfter(printableHtml, "<head>", head);
        var end = html.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        if (end >= 0) html = html.Insert(end, ScreenCss + "\n");
        return InsertAfter(html, "<body", bar, closeTag: true);
    }

    /// <summary>Who the resume is of, and what a link preview says: the person's name, and name with
    /// headline.</summary>
    public static (string? Name, string? Description) Describe(string dataJson)
    {
        using var data = JsonDocument.Parse(dataJson);
        if (!data.RootElement.TryGetProperty("profile", out var profile) || profile.ValueKind != JsonValueKind.Object)
            return (null, null);
        var parts = new[] { "name", "headline", "label" }
            .Select(k =>
                profile.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()?.Trim()
                    : null
            )
            .ToArray();
        var description = string.Join(" · ", parts.Where(s => !string.IsNullOrEmpty(s)).Distinct());
        return (string.IsNullOrEmpty(parts[0]) ? null : parts[0], description.Length == 0 ? null : description);
    }

    public static string NotFound() =>
        Plain(
            "Link not found",
            "<h1>This link does not work</h1><p>The resume is not published at this address (any more). "
                + "Ask its owner for a new link.</p>"
        );

    public static string PasswordForm(string slug, bool wrong) => Plain("Password required", $"""
        <h1>This resume is protected</h1>
        <form method="post" action="{Attr(slug)}">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
        <button type="submit">Open</button>
        </form>
        {(wrong ? "<p role=\"alert\">That password is not right.</p>" : "")}
        """);

    public static string TooMany() =>
        Plain("Too many requests", "<h1>Too many requests</h1><p>Please wait a minute and try again.</p>");

    private static string Plain(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex, nofollow"><title>{{HtmlEncoder.Default.Encode(title)}}</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:12vh auto;padding:0 1rem;color:#1f2937}
        input,button{font:inherit;padding:.5rem;margin:.25rem 0}input{width:100%;box-sizing:border-box}</style></head>
        <body><main>{{body}}</main></body></html>
        """;

    private static string Meta(string property, string content) =>
        $"<meta property=\"{property}\" content=\"{Attr(content)}\">";

    private static string Attr(string value) => HtmlEncoder.Default.Encode(value);

    private static string InsertAfter(string html, string marker, string insert, bool closeTag = false)
    {
        var at = html.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return html;
        var end = closeTag ? html.IndexOf('>', at) + 1 : at + marker.Length;
        return string.Concat(html.AsSpan(0, end), "\n", insert, html.AsSpan(end));
    }
}
