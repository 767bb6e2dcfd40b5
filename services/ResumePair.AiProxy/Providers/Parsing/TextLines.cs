using System.Text;
using System.Text.RegularExpressions;

namespace ResumePair.AiProxy.Providers.Parsing;

/// <summary>
/// Pasted or extracted text made uniform before parsing: one kind of hyphen and space, no control characters (NUL
/// included), ligatures split, and lines rejoined where a PDF wrapped a URL or an e-mail address
/// ("https://github.com/zoe-" + "lindqvist" is one link).
/// </summary>
public static partial class TextLines
{
    public static List<string> Split(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var ch in text.Replace("\r\n", "\n").Replace('\r', '\n').Replace('\f', '\n'))
        {
            switch (ch)
            {
                case '\n' or '\t': clean.Append(ch); break;
                case '\u00A0' or '\u2007' or '\u202F' or '\u2002' or '\u2003' or '\u2009': clean.Append(' '); break;
                case '\u2010' or '\u2011' or '\u2012' or '\u2212': clean.Append('-'); break;
                case '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\uFEFF': break;
                case '\uFB00': clean.Append("ff"); break;
                case '\uFB01': clean.Append("fi"); break;
                case '\uFB02': clean.Append("fl"); break;
                case '\uFB03': clean.Append("ffi"); break;
                case '\uFB04': clean.Append("ffl"); break;
                default:
                    if (!char.IsControl(ch)) clean.Append(ch);
                    break;
            }
        }
        var lines = clean.ToString().Normalize(NormalizationForm.FormC).Split('\n')
            .Select(l => Spaces().Replace(l.Replace('\t', ' ').Trim(), m => m.Length >= 3 ? "   " : " ")).ToList();
        return JoinWrapped(lines);
    }

    /// <summary>A line ending inside a URL or e-mail address continues on the next line when that line is one bare
    /// token.</summary>
    private static List<string> JoinWrapped(List<string> lines)
    {
        var joined = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            var token = line.Split(' ')[0];
            var previous = joined.Count > 0 ? joined[^1] : "";
            // "…linkedin.com/in/julien-" + "lefevre-42 · github.com/…": the first token completes the URL.
            var cut = previous.EndsWith('-') || previous.EndsWith('/');
            if (
                joined.Count > 0
                && (IsContinuation(previous, line) || cut && token != line && IsContinuation(previous, token))
            )
                joined[^1] += line;
            else joined.Add(line);
        }
        return joined;
    }

    private static bool IsContinuation(string previous, string line)
    {
        if (line.Length is 0 or > 40 || line.Contains(' ') || previous.Length == 0) return false;
        var last = previous[(previous.LastIndexOf(' ') + 1)..];
        if (Email().IsMatch(line) || line.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            || line.StartsWith("www.", StringComparison.OrdinalIgnoreCase) || UrlStart().IsMatch(line)) return false;
        var bare = ContinuationToken().IsMatch(line);
        if (last.Contains('@')) return bare && TopLevelShort(last);
        var urlLike = last.Contains("://") || last.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
                      || UrlStart().IsMatch(last);
        return urlLike && bare && (last.EndsWith('-') || last.EndsWith('/') || last.EndsWith('_') || last.EndsWith('.')
                                   || last.EndsWith('=') || line.StartsWith('/') || line.StartsWith('-')
                                   || line.Any(char.IsDigit) || line.Contains('-') || line.All(char.IsLower));
    }

    /// <summary>"jane@example.c" (cut short) or "jane@exam" (cut in the domain) but not a whole address.</summary>
    private static bool TopLevelShort(string email)
    {
        var at = email.IndexOf('@');
        var domain = email[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        return dot < 0 || domain.Length - dot - 1 < 2;
    }

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^[a-z0-9./_\-#?=&%]+$")]
    private static partial Regex ContinuationToken();

    [GeneratedRegex(@"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")]
    private static partial Regex Email();

    [GeneratedRegex(
        @"^(?:[a-z0-9\-]+\.)+(?:com|org|net|io|dev|de|fr|es|uk|me|co|app|ai|eu|ch|at)/",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex UrlStart();
}
