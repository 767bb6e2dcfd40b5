using System.Globalization;

namespace ResumePair.ExportOrchestrator.Exports.Docx;

/// <summary>Dates as the templates print them (the design's <c>dateFormat</c>: short = Mar 2021 by default).</summary>
internal static class DocxDates
{
    public static string? Date(string? value, string? format)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim();
        if (
            v.Length == 4
            || !DateTime.TryParseExact(
                v,
                ["yyyy-MM-dd", "yyyy-MM"],
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var d
            )
        )
            return v;
        return format switch
        {
            "long" => d.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
            "numeric" => d.ToString("MM/yyyy", CultureInfo.InvariantCulture),
            "iso" => d.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            "year" => d.ToString("yyyy", CultureInfo.InvariantCulture),
            _ => d.ToString("MMM yyyy", CultureInfo.InvariantCulture),
        };
    }

    public static string? Range(string? start, string? end, string? format, bool current = false)
    {
        var from = Date(start, format);
        var to = current ? "Present" : Date(end, format);
        return (from, to) switch
        {
            (null, null) => null,
            (null, _) => to,
            (_, null) => from,
            _ when from == to => from,
            _ => $"{from} – {to}",
        };
    }
}
