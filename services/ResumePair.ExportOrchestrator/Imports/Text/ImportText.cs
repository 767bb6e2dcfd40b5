using System.Text;
using System.Text.RegularExpressions;

namespace ResumePair.ExportOrchestrator.Imports;

/// <summary>What goes to the AI: the extracted text tidied, and the check that there is enough of it to be a
/// resume.</summary>
public static partial class ImportText
{
    /// <summary>Fewer letters than this is not a resume's text: a scanned image, an empty page, or only a
    /// header.</summary>
    public const int MinLetters = 40;

    /// <summary>The AI extract feature's limit (ai-proxy's AiApi.MaxPastedResumeLength).</summary>
    public const int MaxCharacters = 30_000;

    /// <summary>
    /// Trailing spaces, form feeds (page breaks), runs of blank lines and -layout's wide column gaps shrink, so the
    /// text costs fewer tokens; the line structure the model relies on stays.
    /// </summary>
    public static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\f', '\n').Split('\n')
            .Select(l => WideGap().Replace(l.TrimEnd(), "   "));
        var tidy = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            blank = line.Length == 0 ? blank + 1 : 0;
            if (blank <= 1) tidy.Append(line).Append('\n');
        }
        return tidy.ToString().Trim();
    }

    public static int Letters(string text) => text.Count(char.IsLetter);

    [GeneratedRegex(" {4,}")]
    private static partial Regex WideGap();
}
