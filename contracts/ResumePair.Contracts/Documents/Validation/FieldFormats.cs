using System.Globalization;
using System.Text.RegularExpressions;

namespace ResumePair.Contracts.Documents.Validation;

/// <summary>
/// The value formats of the schema, public so importers can normalise input to what will validate. Each is at least as
/// strict as the official JSON Resume validator (<c>@jsonresume/schema</c>, whose <c>validate</c> uses the
/// <c>jsonschema</c> package's formats), so a JSON Resume export of anything we accept passes it.
/// </summary>
public static partial class FieldFormats
{
    // The names clients know the formats by (FieldRule.Format), each with what it means.
    public const string PartialDate = "partial-date";
    public const string HttpUrl = "http-url";
    public const string Email = "email";
    public const string HexColor = "hex-color";

    /// <summary>JSON Resume's date pattern allows the years 1000–2999 (<c>[1-2][0-9]{3}</c>).</summary>
    public const int MinYear = 1000, MaxYear = 2999;

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [PartialDate] = "YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date, the year from 1000 to 2999.",
        [HttpUrl] = "An absolute http or https URL with a host and no spaces.",
        [Email] = "name@domain with a dot in the domain, no spaces (the JSON Resume validator's email format).",
        [HexColor] = "A colour as # and six hexadecimal digits (#1f5f7a).",
    };

    private static readonly string[] DateFormats = ["yyyy", "yyyy-MM", "yyyy-MM-dd"];

    /// <summary>
    /// An absolute http or https URL with a host (no javascript:, file: or mailto: links in a resume) and no white
    /// space: .NET would escape a space, JSON Resume's <c>uri</c> format refuses it. Internationalised hosts and paths
    /// (https://bücher.example/straße) are accepted by both.
    /// </summary>
    public static bool IsHttpUrl(string value) =>
        !HasSpace(value)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>White space as JavaScript's <c>\s</c> sees it (U+FEFF included), or as .NET does.</summary>
    public static bool HasSpace(string value) => value.Any(c => char.IsWhiteSpace(c) || c == '\uFEFF');

    /// <summary>YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date, the year from <see cref="MinYear"/> to
    /// <see cref="MaxYear"/>.</summary>
    public static bool IsPartialDate(string value) =>
        value.Length is 4 or 7 or 10
        && DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        && date.Year is >= MinYear and <= MaxYear;

    /// <summary>Well formed but for the year (0999, 3000-01): worth its own message.</summary>
    public static bool IsYearOutOfRange(string value) =>
        value.Length is 4 or 7 or 10
        && DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        && date.Year is < MinYear or > MaxYear;

    public static bool IsHexColor(string value) =>
        value.Length == 7 && value[0] == '#' && value[1..].All(char.IsAsciiHexDigit);

    /// <summary>
    /// The official validator's email format (the <c>jsonschema</c> package's regular expression, ASCII as in
    /// JavaScript): a local part, @, and a domain with at least one dot or an [IPv4] literal. It refuses
    /// <c>jane@localhost</c> and non-ASCII addresses, so we do too, with a message that says why.
    /// </summary>
    public static bool IsEmail(string value) => OfficialEmail().IsMatch(value);

    private const string Atom = @"[A-Za-z0-9_!#$%&'*+\-/=?^`{|}~]+";
    private const string Label = @"(?:[a-zA-Z0-9](?:[a-zA-Z0-9\-](?!\.)){0,61}[a-zA-Z0-9]?\.)+"
                                 + @"[a-zA-Z0-9](?:[a-zA-Z0-9\-](?!\z)){0,61}[a-zA-Z0-9]?";
    private const string Octet = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])";

    [GeneratedRegex(
        "^(?:" + Atom + @"\.)*" + Atom + "@(?:(?:" + Label + @")|(?:\[(?:" + Octet + @"\.){3}" + Octet + @"\]))\z",
        RegexOptions.CultureInvariant
    )]
    private static partial Regex OfficialEmail();
}
