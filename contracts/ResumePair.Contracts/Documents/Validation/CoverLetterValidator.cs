namespace ResumePair.Contracts.Documents.Validation;

/// <summary>
/// Content rules of <see cref="CoverLetterData"/>, reported by path like <see cref="ResumeValidator"/>. Nothing is
/// required on save: the web editor creates a letter with no paragraphs and autosaves it while it is being written.
/// A blank paragraph is always refused — it renders as nothing, and the editor drops blank paragraphs itself.
/// </summary>
public static class CoverLetterValidator
{
    /// <summary>All problems, keyed by path under <paramref name="root"/>; empty when the letter is valid.</summary>
    /// <param name="requireBody">True for a finished letter (an AI draft): at least one paragraph.</param>
    public static Dictionary<string, string[]> Validate(
        CoverLetterData letter,
        string root = "data",
        bool requireBody = false
    )
    {
        var errors = new ValidationErrors();
        Validate(letter, errors, root, requireBody);
        return errors.ToDictionary();
    }

    public static void Validate(
        CoverLetterData letter,
        ValidationErrors errors,
        string root = "data",
        bool requireBody = false
    ) => Validate(letter, new FieldChecker(errors, root), requireBody);

    internal static void Validate(CoverLetterData letter, FieldChecker c, bool requireBody)
    {
        c.Profile(c.At("sender"), letter.Sender, nameRequired: false);
        c.Text(c.At("recipient.name"), letter.Recipient.Name, DocumentLimits.Short);
        c.Text(c.At("recipient.title"), letter.Recipient.Title, DocumentLimits.Short);
        c.Text(c.At("recipient.company"), letter.Recipient.Company, DocumentLimits.Short);
        c.Text(c.At("recipient.address"), letter.Recipient.Address, DocumentLimits.Item);
        c.Date(c.At("date"), letter.Date);
        c.Text(c.At("subject"), letter.Subject, DocumentLimits.Short);
        c.Text(c.At("greeting"), letter.Greeting, DocumentLimits.Short);
        if (requireBody && letter.Paragraphs.Count == 0)
            c.Fail(c.At("paragraphs"), "Must have at least one paragraph.");
        c.Strings(c.At("paragraphs"), letter.Paragraphs, DocumentLimits.Long, blankAllowed: false);
        c.Text(c.At("closing"), letter.Closing, DocumentLimits.Short);
        c.Text(c.At("signature"), letter.Signature, DocumentLimits.Short);
        DesignValidator.Validate(c, c.At("design"), letter.Design);
    }
}
