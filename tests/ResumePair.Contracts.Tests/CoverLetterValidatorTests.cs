using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;
using Xunit;

namespace ResumePair.Contracts.Tests;

public sealed class CoverLetterValidatorTests
{
    [Fact]
    public void A_new_letter_without_paragraphs_or_sender_name_can_be_saved()
    {
        // What the web editor creates and autosaves before the body is typed.
        Assert.Empty(CoverLetterValidator.Validate(new CoverLetterData()));
    }

    [Fact]
    public void A_finished_letter_needs_a_body()
    {
        var errors = CoverLetterValidator.Validate(new CoverLetterData(), requireBody: true);
        Assert.Equal(["Must have at least one paragraph."], errors["data.paragraphs"]);
        Assert.Empty(
            CoverLetterValidator.Validate(new CoverLetterData { Paragraphs = ["Dear team,"] }, requireBody: true)
        );
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void A_blank_paragraph_is_refused(string blank)
    {
        var errors = CoverLetterValidator.Validate(new CoverLetterData { Paragraphs = ["Dear team,", blank] });
        Assert.Equal(["Must not be empty."], errors["data.paragraphs[1]"]);
    }

    [Fact]
    public void Paragraphs_are_capped_at_5000_characters_and_short_fields_at_200()
    {
        var errors = CoverLetterValidator.Validate(new CoverLetterData
        {
            Paragraphs = [new string('p', DocumentLimits.Long + 1)],
            Subject = new string('s', DocumentLimits.Short + 1),
            Recipient = new() { Company = new string('c', DocumentLimits.Short + 1) },
        });
        Assert.Equal(
            ["data.paragraphs[0]", "data.recipient.company", "data.subject"],
            errors.Keys.Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public void The_sender_follows_the_profile_rules_and_the_date_the_date_format()
    {
        var errors = CoverLetterValidator.Validate(new CoverLetterData
        {
            Sender = new() { Email = "nobody", Website = "ftp://example.com" },
            Date = "22.11.2026",
        }, root: "");
        Assert.Equal(["date", "sender.email", "sender.website"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
