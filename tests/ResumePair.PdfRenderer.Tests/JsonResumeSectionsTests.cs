using System.Net;
using System.Text.Json;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Templates;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>
/// The JSON Resume sections and fields (#19) print in every template: volunteering, awards, publications, interests,
/// references, a project's roles, organisation and type, the postal address, a link's username and what a company is.
/// </summary>
public sealed class JsonResumeSectionsTests : IAsyncLifetime
{
    private Microsoft.Extensions.DependencyInjection.ServiceProvider _services = null!;
    private DocumentHtmlRenderer Html => (DocumentHtmlRenderer)_services.GetService(typeof(DocumentHtmlRenderer))!;

    public Task InitializeAsync()
    {
        _services = ChromiumFixture.Build(Path.GetTempPath());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    public static TheoryData<string> Templates() => new(DesignOptions.Templates);

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Every_template_prints_the_JSON_Resume_sections_and_fields(string template)
    {
        var resume = new ResumeData
        {
            Profile = new Profile
            {
                Name = "Lena Vasquez",
                Location = "San Francisco",
                Address = "88 Harrison Street",
                PostalCode = "94105",
                Region = "California",
                CountryCode = "US",
                Links = [new Link("GitHub", "https://github.com/lvasquez", "lvasquez")],
            },
            Work =
            [
                new WorkEntry
                {
                    Company = "Confluent",
                    Position = "Staff engineer",
                    Description = "Data streaming platform",
                },
            ],
            Projects =
            [
                new ProjectEntry
                {
                    Name = "raft-lab",
                    Roles = ["Author", "Maintainer"],
                    Entity = "UT Austin",
                    Type = "application",
                },
            ],
            Volunteer =
            [
                new VolunteerEntry
                {
                    Organization = "CoderDojo",
                    Position = "Mentor",
                    StartDate = "2016",
                },
            ],
            Awards =
            [
                new AwardEntry
                {
                    Title = "Best Paper Award",
                    Awarder = "USENIX OSDI",
                    Date = "2014-10",
                },
            ],
            Publications =
            [
                new PublicationEntry
                {
                    Name = "Bounded Staleness",
                    Publisher = "USENIX",
                    ReleaseDate = "2014-10-01",
                },
            ],
            Interests = [new InterestEntry { Name = "Mentoring", Keywords = ["Conference speaking"] }],
            References =
            [
                new ReferenceEntry
                {
                    Name = "Marcus Feng",
                    Reference = "Lena is the engineer other staff engineers go to.",
                },
            ],
        };
        var html = WebUtility.HtmlDecode(await Html.RenderAsync(template, DocumentTypes.Resume, "CV",
            JsonSerializer.SerializeToElement(resume, JsonSerializerOptions.Web), "A4", CancellationToken.None));

        foreach (var section in new[] { "volunteer", "awards", "publications", "interests", "references" })
            Assert.Contains($"<section class=\"{section}\">", html);
        foreach (var text in new[]
                 {
                     "88 Harrison Street, San Francisco, California, 94105, US", "GitHub (lvasquez): ",
                     "Data streaming platform", "Author, Maintainer", "UT Austin", "application", "CoderDojo",
                     "Best Paper Award", "USENIX OSDI", "Bounded Staleness", "Conference speaking",
                     "Lena is the engineer other staff engineers go to.",
                 })
            Assert.Contains(text, html);
    }
}
