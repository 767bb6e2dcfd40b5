using System.Globalization;

namespace ResumePair.Contracts.Documents.Validation;

/// <summary>The value formats of the schema, public so importers can normalise input to what will validate.</summary>
public static class FieldFormats
{
    // The names clients know the formats by (FieldRule.Format), each with what it means.
    public const string PartialDate = "partial-date";
    public const string HttpUrl = "http-url";
    public const string Email = "email";
    public const string HexColor = "hex-color";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [PartialDate] = "YYYY, YYYY-MM or YYYY-MM-DD, and a real calendar date.",
        [HttpUrl] = "An absolute http or https URL with a host.",
        [Email] = "Contains an @ and no whitespace.",
        [HexColor] = "A colour as # and six hexadecimal digits (#1f5f7a).",
    };

    private static readonly string[] DateFormats = ["yyyy", "yyyy-MM", "yyyy-MM-dd"];

    /// <summary>An absolute http or https URL with a host (no javascript:, file: or mailto: links in a resume).</summary>
    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>YYYY, YYYY-MM or YYYY-MM-DD, and a real calendar date.</summary>
    public static bool IsPartialDate(string value) =>
        value.Length is 4 or 7 or 10
        && DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static bool IsHexColor(string value) => value.Length == 7 && value[0] == '#' && value[1..].All(char.IsAsciiHexDigit);

    /// <summary>Deliberately loose: an @ and no whitespace. Stricter checks reject real addresses.</summary>
    public static bool IsEmail(string value) => value.Contains('@') && !value.Any(char.IsWhiteSpace);
}
