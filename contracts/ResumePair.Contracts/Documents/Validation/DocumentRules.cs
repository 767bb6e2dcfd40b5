namespace ResumePair.Contracts.Documents.Validation;

/// <summary>
/// The field rules of every document type, for clients that check input before sending it. They are not a second
/// copy: the validators run in describe mode (<see cref="FieldChecker"/> with a rule sink), so whatever the server
/// enforces is what is described. Paths are the ones problems report, with <c>[]</c> for "every entry"
/// (<c>data.work[].startDate</c>); the envelope's <c>title</c> is included.
/// </summary>
public static class DocumentRules
{
    public sealed record RuleSet(
        IReadOnlyDictionary<string, string> Formats,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, FieldRule>> Types);

    public static RuleSet Describe() =>
        new(
            FieldFormats.Names,
            new Dictionary<string, IReadOnlyDictionary<string, FieldRule>>
            {
                [DocumentTypes.Resume] = Describe(c => ResumeValidator.Validate(new ResumeData(), c)),
                [DocumentTypes.CoverLetter] = Describe(c =>
                    CoverLetterValidator.Validate(new CoverLetterData(), c, requireBody: false)
                ),
            }
        );

    private static IReadOnlyDictionary<string, FieldRule> Describe(Action<FieldChecker> validate)
    {
        var rules = new Dictionary<string, FieldRule>(StringComparer.Ordinal);
        var unused = new ValidationErrors();
        DocumentTitle.Validate(new FieldChecker(unused, "", rules), null);
        validate(new FieldChecker(unused, "data", rules));
        return rules;
    }
}

/// <summary>The document's own title (the envelope around <c>data</c>): required, at most
/// <see cref="DocumentLimits.Title"/>.</summary>
public static class DocumentTitle
{
    /// <param name="title">Already trimmed.</param>
    public static void Validate(string? title, ValidationErrors errors) =>
        Validate(new FieldChecker(errors, ""), title);

    internal static void Validate(FieldChecker c, string? title)
    {
        c.Required(c.At("title"), title, "Title is required.");
        c.Text(c.At("title"), title, DocumentLimits.Title);
    }
}
