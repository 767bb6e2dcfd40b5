using ResumePair.AiProxy.Features;

namespace ResumePair.AiProxy.Tests;

/// <summary>Model output is held to the documents service's rules (the shared validator), reported in one
/// line.</summary>
public sealed class SchemaValidatorTests
{
    [Fact]
    public void Fenced_valid_output_is_accepted()
    {
        var (value, error) = SchemaValidator.Resume("```json\n{\"profile\":{\"name\":\"Ada\"}}\n```");
        Assert.Null(error);
        Assert.Equal("Ada", value!.Profile.Name);
    }

    // Before the rules were shared, ai-proxy let these through and the documents service refused them on save.
    [Fact]
    public void The_caps_the_documents_service_applies_are_applied_to_model_output()
    {
        var company = new string('c', 201);
        var (value, error) = SchemaValidator.Resume(
            $$"""{"profile":{"name":"Ada","summary":"{{new string('s', 5001)}}"},"work":[{"company":"{{company}}"}]}"""
        );
        Assert.Null(value);
        Assert.Equal(
            "profile.summary must be at most 5000 characters. work[0].company must be at most 200 characters.",
            error
        );
    }

    [Fact]
    public void A_generated_cover_letter_needs_a_non_blank_body()
    {
        Assert.Equal(
            "paragraphs must have at least one paragraph.",
            SchemaValidator.CoverLetter("""{"paragraphs":[]}""").Error
        );
        Assert.Equal("paragraphs[0] must not be empty.", SchemaValidator.CoverLetter("""{"paragraphs":[" "]}""").Error);
        Assert.Null(SchemaValidator.CoverLetter("""{"paragraphs":["Dear team,"]}""").Error);
    }

    [Fact]
    public void At_most_five_problems_go_into_the_repair_prompt()
    {
        var work = string.Join(",", Enumerable.Range(0, 8).Select(_ => """{"startDate":"soon"}"""));
        var error = SchemaValidator.Resume($$"""{"profile":{"name":"Ada"},"work":[{{work}}]}""").Error!;
        Assert.Equal(5, error.Split(" must be a date").Length - 1);
    }
}
