extern alias aiproxy;
using aiproxy::ResumePair.AiProxy.Providers.Parsing;
using ResumePair.ExportOrchestrator.Imports;
using ResumePair.Testing.Imports;
using Xunit.Abstractions;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>
/// The import corpus (tests/corpus: txt, DOCX, PDFs from Chromium, groff and our templates in A4 and Letter;
/// en/de/fr/es) read the way the import job reads it (PdfText / DocxText, then ImportText.Tidy) and parsed offline,
/// scored field by field
/// (<see cref="CorpusScore"/>). Each category must stay at or above the target, over the whole corpus and for
/// every source type: a change that makes one kind of file worse fails here. Figures: bench/Import.Bench.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    private static readonly Lazy<CorpusScore> Score = new(() =>
    {
        var score = new CorpusScore();
        foreach (var c in ImportCorpus.Load().Concat(ImportCorpus.Load(ImportCorpus.TemplatesFolder)))
            score.Add(c, ResumeParser.Parse(Read(c)).Data);
        return score;
    });

    internal static string Read(CorpusCase c)
    {
        var bytes = File.ReadAllBytes(c.SourcePath);
        return Path.GetExtension(c.SourcePath) switch
        {
            ".pdf" => ImportText.Tidy(PdfText.Extract(bytes)),
            ".docx" => ImportText.Tidy(DocxText.Extract(bytes)),
            _ => File.ReadAllText(c.SourcePath),
        };
    }

    [Fact]
    public void The_corpus_has_forty_resumes_of_every_kind()
    {
        var cases = ImportCorpus.Load();
        Assert.True(cases.Count >= 40, $"{cases.Count} resumes");
        Assert.Superset(
            new HashSet<string> { "txt", "docx", "pdf-chromium", "pdf-groff" },
            cases.Select(c => c.SourceType).ToHashSet()
        );
        Assert.Superset(
            new HashSet<string> { "en", "de", "fr", "es" },
            cases.Select(c => c.Name.Split('-')[1]).ToHashSet()
        );
    }

    [Fact]
    public void Every_template_is_in_the_set_on_both_page_sizes()
    {
        var names = ImportCorpus.Load(ImportCorpus.TemplatesFolder).Select(c => c.Name).ToHashSet();
        var templates = names.Select(n => n[..n.LastIndexOf('-')]).ToHashSet();
        Assert.True(templates.Count >= 12, $"{templates.Count} templates");
        foreach (var t in templates) Assert.Superset(new HashSet<string> { t + "-A4", t + "-Letter" }, names);
    }

    public static TheoryData<string> Categories => new(CorpusScore.Targets.Keys);

    [Theory]
    [MemberData(nameof(Categories))]
    public void Every_category_stays_at_its_target_overall_and_per_source_type(string category)
    {
        var score = Score.Value;
        output.WriteLine(score.Report());
        var target = CorpusScore.Targets[category];
        var failures = new[] { "all" }.Concat(score.SourceTypes)
            .Select(source => (source, f1: score.Category(category, source).F1))
            .Where(x => x.f1 < target)
            .Select(x => $"{category} on {x.source}: F1 {x.f1:0.000} < {target:0.00}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Concat(score.Misses)));
    }
}
