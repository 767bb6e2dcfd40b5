using System.Text;

namespace ResumePair.PdfRenderer.Templates.Shared;

/// <summary>User text placed in CSS (the running footer's name) as a quoted string in which every character that is
/// not a letter, digit or space is a CSS escape: it can close neither the string, nor the rule, nor the style
/// element.</summary>
public static class CssString
{
    public static string Quote(string? text)
    {
        var css = new StringBuilder("\"");
        foreach (var rune in (text ?? "").EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || rune.Value == ' ') css.Append(rune.ToString());
            else css.Append('\\').Append(rune.Value.ToString("X")).Append(' ');
        }
        return css.Append('"').ToString();
    }
}
