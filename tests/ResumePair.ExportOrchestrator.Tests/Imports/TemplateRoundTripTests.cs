extern alias aiproxy;
using aiproxy::ResumePair.AiProxy.Providers.Parsing;
using ResumePair.Contracts.Documents;
using ResumePair.Testing.Imports;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>
/// Our own exports come back whole: each template × page size (tests/corpus/templates, printed by Chromium from one
/// document) read as the import job reads it gives that document's work, education, skills, projects, languages,
/// certifications, links and custom sections, entry by entry with their text, not only the scored keys.
/// </summary>
public sealed class TemplateRoundTripTests
{
    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var c in ImportCorpus.Load(ImportCorpus.TemplatesFolder)) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void An_exported_template_imports_as_the_document_it_printed(string name)
    {
        var c = ImportCorpus.Load(ImportCorpus.TemplatesFolder).Single(x => x.Name == name);
        var parsed = ResumeParser.Parse(CorpusTests.Read(c));
        var (e, a) = (c.Expected, parsed.Data);

        Assert.Equal(e.Profile.Name, a.Profile.Name);
        Assert.Equal(e.Profile.Headline, a.Profile.Headline);
        Assert.Equal(e.Profile.Email, a.Profile.Email);
        Assert.Equal(e.Profile.Phone, a.Profile.Phone);
        Assert.Equal(e.Profile.Summary, a.Profile.Summary);
        Assert.Equal(RoundTrip.Links(e.Profile), RoundTrip.Links(a.Profile));
        Assert.Equal(e.Work.Select(RoundTrip.Work), a.Work.Select(RoundTrip.Work));
        Assert.Equal(e.Education.Select(RoundTrip.Education), a.Education.Select(RoundTrip.Education));
        Assert.Equal(e.Skills.Select(RoundTrip.Skill), a.Skills.Select(RoundTrip.Skill));
        Assert.Equal(e.Projects.Select(RoundTrip.Project), a.Projects.Select(RoundTrip.Project));
        Assert.Equal(e.Languages.Select(RoundTrip.Language), a.Languages.Select(RoundTrip.Language));
        Assert.Equal(e.Certifications.Select(x => $"{x.Name} | {x.Issuer} | {x.Date}"),
            a.Certifications.Select(x => $"{x.Name} | {x.Issuer} | {x.Date}"));
        Assert.Equal(e.CustomSections.Select(RoundTrip.Custom), a.CustomSections.Select(RoundTrip.Custom));
        Assert.Empty(parsed.Unplaced);
    }
}
