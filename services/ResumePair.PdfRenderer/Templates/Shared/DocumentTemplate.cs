using System.Globalization;
using Microsoft.AspNetCore.Components;
using ResumePair.Contracts.Documents;

namespace ResumePair.PdfRenderer.Templates.Shared;

/// <summary>Base of every template component: the document and presentation choices to render.</summary>
public abstract class DocumentTemplate : ComponentBase
{
    [Parameter, EditorRequired] public TemplateInput Input { get; set; } = default!;
}

/// <summary>
/// The small formatting rules every template shares (imported statically in <c>_Imports.razor</c>),
/// so a new template is only markup and CSS.
/// </summary>
public static class Format
{
    /// <summary>Lists from JSON may be null or hold nulls/blank strings; templates iterate only real entries.</summary>
    public static IEnumerable<T> Present<T>(IEnumerable<T?>? items) where T : class =>
        (items ?? []).OfType<T>().Where(i => i is not string s || !string.IsNullOrWhiteSpace(s));

    public static bool Has(string? text) => !string.IsNullOrWhiteSpace(text);

    /// <summary>Whether <c>ContactItems</c> prints anything for this profile.</summary>
    public static bool HasContact(Profile p) =>
        Has(p.Email) || Has(p.Phone) || Has(LocationLine(p)) || Has(p.Website) || Present(p.Links).Any(l => Has(l.Url));

    /// <summary>Where the person lives on one line: street, town, region, postal code, country (each when
    /// given).</summary>
    public static string LocationLine(Profile p) =>
        JoinPresent(", ", p.Address, p.Location, p.Region, p.PostalCode, p.CountryCode);

    public static bool Any<T>(IEnumerable<T?>? items) where T : class => Present(items).Any();

    /// <summary>"2021-03" → "Mar 2021"; "2021" stays; anything else is shown as written.</summary>
    public static string? FormatDate(string? value)
    {
        if (!Has(value)) return null;
        var v = value!.Trim();
        string[] formats = ["yyyy-MM-dd", "yyyy-MM", "yyyy"];
        if (!DateTime.TryParseExact(v, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return v;
        return v.Length == 4 ? v : d.ToString("MMM yyyy", CultureInfo.InvariantCulture);
    }

    public static string? DateRange(string? start, string? end, bool current = false)
    {
        var from = FormatDate(start);
        var to = current ? "Present" : FormatDate(end);
        return (from, to) switch
        {
            (null, null) => null,
            (null, _) => to,
            (_, null) => from,
            _ when from == to => from,
            _ => $"{from} – {to}",
        };
    }

    /// <summary>
    /// Only web, mail and phone links become clickable in the PDF; anything else (javascript:, file:, data:)
    /// is dropped so a document cannot plant a hostile link.
    /// </summary>
    public static string? SafeHref(string? url)
    {
        if (!Has(url)) return null;
        var v = url!.Trim();
        if (v.Contains('@') && !v.Contains(':') && !v.Contains('/')) return "mailto:" + v;
        if (!v.Contains("://", StringComparison.Ordinal) && !v.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
            && !v.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)) v = "https://" + v;
        return Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto" or "tel"
            ? uri.AbsoluteUri : null;
    }

    /// <summary>How a URL reads on paper: no scheme, no trailing slash (ATS parsers read the text, not the
    /// link).</summary>
    public static string DisplayUrl(string url)
    {
        var v = url.Trim();
        foreach (var prefix in new[] { "https://", "http://", "mailto:", "tel:" })
            if (v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) { v = v[prefix.Length..]; break; }
        if (v.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) v = v[4..];
        return v.TrimEnd('/');
    }

    public static string? Capitalize(string? text) =>
        Has(text) ? char.ToUpperInvariant(text!.Trim()[0]) + text.Trim()[1..] : null;

    public static string JoinPresent(string separator, params string?[] parts) =>
        string.Join(separator, parts.Where(Has).Select(p => p!.Trim()));
}

/// <summary>Skill levels drawn as meters by the templates that show them.</summary>
public static class SkillLevels
{
    /// <summary>beginner 1 … expert 4 of 4; unknown or absent levels are 0 (no meter).</summary>
    public static int Of(string? level) => level?.Trim().ToLowerInvariant() switch
    {
        "beginner" or "basic" or "novice" => 1,
        "intermediate" => 2,
        "advanced" => 3,
        "expert" or "master" => 4,
        _ => 0,
    };
}
