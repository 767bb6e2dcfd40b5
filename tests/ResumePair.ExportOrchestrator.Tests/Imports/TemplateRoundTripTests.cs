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

        RoundTrip.AssertSameFields(e, a, location: false);
        Assert.Empty(parsed.Unplaced);
    }
}
