using ResumePair.Contracts.Documents.Validation;
using Xunit;

namespace ResumePair.Contracts.Tests;

public sealed class FieldFormatsTests
{
    [Theory]
    [InlineData("2020", true)]
    [InlineData("2020-02", true)]
    [InlineData("2024-02-29", true)]
    [InlineData("2023-02-29", false)]
    [InlineData("2020-00", false)]
    [InlineData("2020/01", false)]
    [InlineData("2020-1-01", false)]
    [InlineData("", false)]
    public void Partial_dates(string value, bool valid) => Assert.Equal(valid, FieldFormats.IsPartialDate(value));

    [Theory]
    [InlineData("https://example.com/a?b=c", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("ftp://example.com", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("mailto:ann@example.com", false)]
    [InlineData("example.com", false)]
    [InlineData("/relative/path", false)]
    public void Http_urls(string value, bool valid) => Assert.Equal(valid, FieldFormats.IsHttpUrl(value));

    [Theory]
    [InlineData("ann@example.com", true)]
    [InlineData("ann", false)]
    [InlineData("ann @example.com", false)]
    public void Emails(string value, bool valid) => Assert.Equal(valid, FieldFormats.IsEmail(value));
}
