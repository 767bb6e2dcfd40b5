extern alias aiproxy;
extern alias exports;
using System.Diagnostics;
using System.Text.Json;
using aiproxy::ResumePair.AiProxy.Providers.Parsing;
using exports::ResumePair.ExportOrchestrator.Imports;
using ResumePair.Testing.Imports;

// Usage: Import.Bench [--verbose] [--reader pdfpig|pdftotext|both] [--dump NAME] [--corpus DIR] [--llm]
var verbose = args.Contains("--verbose");
var reader = Option("--reader") ?? "both";
var dump = Option("--dump");
var cases = ImportCorpus.Load(Option("--corpus"));
Console.WriteLine(
    "corpus: "
        + $"{cases.Count} resumes "
        + $"({string.Join(", ", cases.GroupBy(c => c.SourceType).Select(g => $"{g.Key} {g.Count()}"))})"
);

if (Option("--lines") is { } linesOf)
{
    var c = cases.Single(x => x.Name.StartsWith(linesOf, StringComparison.Ordinal));
    using var pdf = UglyToad.PdfPig.PdfDocument.Open(c.SourcePath);
    foreach (var line in pdf.GetPages().SelectMany(PdfLayout.Lines))
        Console.WriteLine(
            $"{line.Baseline, 7:0.0} {line.Left, 6:0.0} {line.Size, 5:0.0} {(line.Bold ? "B" : " ")} {line.Text}"
        );
    return 0;
}

if (dump is not null)
{
    var c = cases.Single(x => x.Name.StartsWith(dump, StringComparison.Ordinal));
    var text = await ReadAsync(c, reader == "pdftotext" ? "pdftotext" : "pdfpig");
    Console.WriteLine(text);
    Console.WriteLine("----");
    var parsed = ResumeParser.Parse(text);
    Console.WriteLine(
        JsonSerializer.Serialize(
            parsed.Data,
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }
        )
    );
    Console.WriteLine("unplaced: " + string.Join(" ¶ ", parsed.Unplaced));
    return 0;
}

if (args.Contains("--llm"))
{
    // The LLM path: the real ai-proxy (on PostgreSQL and RabbitMQ of its own) with the fake vendor replaying
    // tests/corpus/answers, beside the offline parser on the same texts (the reference).
    var all = cases.Concat(ImportCorpus.Load(ImportCorpus.TemplatesFolder)).ToList();
    var texts = new Dictionary<string, string>();
    foreach (var c in all) texts[c.SourcePath] = await ReadAsync(c, "pdfpig");
    var offline = new CorpusScore();
    foreach (var c in all) offline.Add(c, ResumeParser.Parse(texts[c.SourcePath]).Data);
    // The services are hosted as tests host them (WebApplicationFactory), which finds a content root through an
    // attribute only test projects get: name it for this program.
    foreach (var service in new[] { "ResumePair.Documents", "ResumePair.AiProxy" })
        Environment.SetEnvironmentVariable(
            $"ASPNETCORE_TEST_CONTENTROOT_{service.ToUpperInvariant().Replace('.', '_')}",
            Path.Combine(ResumePair.Testing.RepositoryPaths.Root!, "services", service)
        );
    var infra = new ResumePair.Testing.InfrastructureFixture();
    await infra.InitializeAsync();
    try
    {
        await using var run = await LlmCorpusRun.StartAsync(infra);
        var clock = Stopwatch.StartNew();
        var llm = await run.ScoreAsync(all, c => texts[c.SourcePath]);
        Console.WriteLine();
        Console.WriteLine(
            $"== LLM path: ai-proxy + fake vendor replaying recorded answers ({all.Count} resumes incl. templates, "
                + $"{run.Vendor.Requests} vendor calls, {run.Repaired.Count} repair requests, "
                + $"{clock.ElapsedMilliseconds} ms)"
        );
        Console.Write(llm.Report());
        if (verbose) foreach (var miss in llm.Misses) Console.WriteLine("  " + miss);
        foreach (var (name, reason) in run.RepairReasons.Where(_ => verbose))
            Console.WriteLine($"  repair {name}: {reason}");
        var firstAnswers = new CorpusScore();
        foreach (var c in all) firstAnswers.Add(c, RecordedAnswers.FirstAnswer(c));
        Console.WriteLine();
        Console.WriteLine("== the recorded first answers as they are (no check, no repair)");
        Console.Write(firstAnswers.Report());
        Console.WriteLine();
        Console.WriteLine("== offline parser on the same texts (reference)");
        Console.Write(offline.Report());
    }
    finally
    {
        await infra.DisposeAsync();
    }
    return 0;
}

foreach (var r in reader == "both" ? new[] { "pdftotext", "pdfpig" } : [reader])
{
    var score = new CorpusScore();
    var clock = Stopwatch.StartNew();
    foreach (var c in cases) score.Add(c, ResumeParser.Parse(await ReadAsync(c, r)).Data);
    Console.WriteLine();
    Console.WriteLine($"== PDFs read by {r} ({clock.ElapsedMilliseconds} ms for the corpus: reading + parsing)");
    Console.Write(score.Report());
    if (verbose) foreach (var miss in score.Misses) Console.WriteLine("  " + miss);
}
return 0;

static async Task<string> ReadAsync(CorpusCase c, string reader)
{
    var bytes = await File.ReadAllBytesAsync(c.SourcePath);
    return Path.GetExtension(c.SourcePath) switch
    {
        ".pdf" when reader == "pdftotext" => ImportText.Tidy(await PdfToText(c.SourcePath)),
        ".pdf" => ImportText.Tidy(PdfText.Extract(bytes)),
        ".docx" => ImportText.Tidy(DocxText.Extract(bytes)),
        _ => await File.ReadAllTextAsync(c.SourcePath),
    };
}

static async Task<string> PdfToText(string path)
{
    var psi = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true };
    foreach (var a in new[] { "-layout", "-enc", "UTF-8", path, "-" }) psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    var text = await p.StandardOutput.ReadToEndAsync();
    await p.WaitForExitAsync();
    return text;
}

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
