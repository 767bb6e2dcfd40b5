using Microsoft.Extensions.Localization;

namespace ResumePair.Documents.Scoring;

/// <summary>
/// The score's words (ScoreTexts.*.resx): category names (<c>category.{id}</c>) and each reason's text key. A reason is
/// stored as key and arguments, so a memoised score reads in whichever language the reader asks for.
/// </summary>
public sealed class ScoreTexts
{
    public static string Message(IStringLocalizer<ScoreTexts> texts, ScoreReason reason) =>
        texts[reason.Text, [.. reason.Args]].Value;

    public static string CategoryName(IStringLocalizer<ScoreTexts> texts, ScoreCategory category) =>
        texts[$"category.{category.Id}"].Value;
}
