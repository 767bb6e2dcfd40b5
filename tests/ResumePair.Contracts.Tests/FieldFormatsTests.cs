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
    [InlineData("1899-05", true)] // accepted by JSON Resume's validator too (years 1000–2999)
    [InlineData("1000", true)]
    [InlineData("2999-12-31", true)]
    [InlineData("0999", false)]
    [InlineData("3000-01", false)]
    public void Partial_dates(string value, bool valid) => Assert.Equal(valid, FieldFormats.IsPartialDate(value));

    [Theory]
    [InlineData("https://example.com/a?b=c", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("ftp://example.com", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("mailto:ann@example.com", false)]
    [InlineData("example.com", false)]
    [InlineData("/relative/path", false)]
    [InlineData("https://bücher.example/straße?q=ä", true)]
    [InlineData("https://example.com/a b", false)] // JSON Resume's uri format refuses white space
    [InlineData("https://example.com/\u00a0", false)]
    [InlineData(" https://example.com", false)]
    public void Http_urls(string value, bool valid) => Assert.Equal(valid, FieldFormats.IsHttpUrl(value));

    [Theory]
    [InlineData("ann@example.com", true)]
    [InlineData("ann", false)]
    [InlineData("ann @example.com", false)]
    [InlineData("jane.doe+cv@mail.example.co.uk", true)]
    [InlineData("ann@[192.168.0.1]", true)]
    [InlineData("jane@localhost", false)] // no dot in the domain: the official validator refuses it
    [InlineData("jörg@example.de", false)]
    [InlineData("ann@example.com\n", false)]
    public void Emails(string value, bool valid) => Assert.Equal(valid, FieldFormats.IsEmail(value));
}
