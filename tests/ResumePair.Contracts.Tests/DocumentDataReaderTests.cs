using ResumePair.Contracts.Documents.Validation;
using Xunit;

namespace ResumePair.Contracts.Tests;

public sealed class DocumentDataReaderTests
{
    private static (object? Value, Dictionary<string, string[]> Errors) Resume(string json, string root = "data")
    {
        var errors = new ValidationErrors();
        var value = DocumentDataReader.ReadResume(json, errors, root);
        return (value, errors.ToDictionary());
    }

    [Fact]
    public void Valid_data_is_returned_with_no_errors()
    {
        var (value, errors) = Resume(
            """{"profile":{"name":"Ann"},"work":[{"company":"Acme","startDate":"2020-01"}]}"""
        );
        Assert.NotNull(value);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("""{"profile":{"name":"A","age":42}}""", "data.profile.age", "Unknown field.")]
    [InlineData("""{"Profile":{"name":"A"}}""", "data.Profile", "Unknown field.")]
    [InlineData("""{"profile":{"name":null}}""", "data.profile.name", "Must not be null.")]
    [InlineData("""{"profile":{"name":"A","links":[{"label":"x"}]}}""", "data.profile.links[0].url", "Is required.")]
    [InlineData("""{"profile":{"name":"A"},"work":[{"company":5}]}""", "data.work[0].company", "Must be a string.")]
    [InlineData("""{"profile":{"name":"A"},"skills":{"name":"C#"}}""", "data.skills", "Must be an array.")]
    [InlineData(
        """{"profile":{"name":"A"},"work":[{"current":"yes"}]}""",
        "data.work[0].current",
        "Must be true or false."
    )]
    [InlineData("""null""", "data", "Must be an object.")]
    public void Shape_problems_are_reported_by_path_without_dotnet_type_names(string json, string path, string message)
    {
        var (value, errors) = Resume(json);
        Assert.Null(value);
        Assert.Equal([message], errors[path]);
    }

    [Fact]
    public void Content_rules_run_after_a_clean_read()
    {
        var (value, errors) = Resume("""{"profile":{"name":"A"},"work":[{"startDate":"2021","endDate":"2020"}]}""");
        Assert.Null(value);
        Assert.Equal(["Must not be before startDate."], errors["data.work[0].endDate"]);
    }

    [Fact]
    public void Malformed_json_keeps_the_readers_explanation_for_a_repair_prompt()
    {
        var (value, errors) = Resume("""{"profile": {"name": "Ada""", root: "");
        Assert.Null(value);
        var (path, messages) = Assert.Single(errors);
        Assert.StartsWith("profile", path);
        Assert.StartsWith("Is not valid JSON: ", Assert.Single(messages));
        Assert.DoesNotContain("System.", messages[0]);
    }

    [Fact]
    public void A_generated_cover_letter_must_have_a_body_a_saved_one_need_not()
    {
        var saved = new ValidationErrors();
        Assert.NotNull(DocumentDataReader.ReadCoverLetter("""{"paragraphs":[]}""", saved));
        var generated = new ValidationErrors();
        Assert.Null(
            DocumentDataReader.ReadCoverLetter("""{"paragraphs":[]}""", generated, root: "", requireBody: true)
        );
        Assert.Equal(["paragraphs"], generated.ToDictionary().Keys);
    }
}
