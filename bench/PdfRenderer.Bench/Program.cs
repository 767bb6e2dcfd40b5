using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Templates;

// Usage: dotnet run -c Release --project bench/PdfRenderer.Bench -- [renders=100] [concurrencies=1,2,4] [tagged=true]
// Measures what one renderer replica does per job minus the bus and the upload: Razor → HTML, HTML → PDF on a
// reused page, output checks. Pool size = the highest concurrency, so no render waits for a page.
var renders = args.Length > 0 ? int.Parse(args[0]) : 100;
var concurrencies = (args.Length > 1 ? args[1] : "1,2,4").Split(',').Select(int.Parse).ToArray();
var tagged = args.Length <= 2 || bool.Parse(args[2]);

var dataDirectory = Path.Combine(Path.GetTempPath(), "resumepair-bench-" + Guid.NewGuid().ToString("N")[..8]);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Renderer:PoolSize"] = concurrencies.Max().ToString(),
    ["Renderer:DataDirectory"] = dataDirectory,
    ["Renderer:TaggedPdf"] = tagged.ToString(),
}).Build();
var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPdfRendering(configuration).BuildServiceProvider();
var html = services.GetRequiredService<DocumentHtmlRenderer>();
var printer = services.GetRequiredService<PdfPrinter>();
var renderer = services.GetRequiredService<DocumentPdfRenderer>();

var resume = JsonSerializer.SerializeToElement(new ResumeData
{
    Profile = new Profile { Name = "Grace Hopper", Headline = "Rear admiral and computer scientist", Email = "grace@example.com", Location = "Arlington, VA",
        Summary = "Pioneer of machine-independent programming languages; led the team behind FLOW-MATIC and shaped COBOL." },
    Work = [
        new WorkEntry { Company = "US Navy", Position = "Director, Navy Programming Languages Group", StartDate = "1967-08", EndDate = "1986-08",
            Highlights = ["Standardised COBOL across the Navy", "Led validation of compilers", "Championed distributed networks of small computers"] },
        new WorkEntry { Company = "Remington Rand", Position = "Senior Mathematician", StartDate = "1949", EndDate = "1967",
            Highlights = ["Wrote the A-0 compiler", "Created FLOW-MATIC, the first English-like data processing language"] },
    ],
    Education = [new EducationEntry { Institution = "Yale University", StudyType = "PhD", Area = "Mathematics", EndDate = "1934" }],
    Skills = [new Skill { Name = "Languages", Level = "expert", Keywords = ["COBOL", "FLOW-MATIC", "A-0"] }],
}, JsonSerializerOptions.Web);

Console.WriteLine($"PdfRenderer benchmark: one-page resume, {renders} renders per concurrency, pool {concurrencies.Max()}, tagged={tagged}, {Environment.ProcessorCount} cores");

// Warm-up: launch Chromium, create every page, JIT the paths.
await Task.WhenAll(Enumerable.Range(0, concurrencies.Max() * 2).Select(_ => renderer.RenderAsync("ats-single-column", "resume", "b", resume, "A4", null, default)));

// Phases, sequentially: how the time of one render splits.
var htmlTimes = new List<double>(); var printTimes = new List<double>();
for (var i = 0; i < Math.Min(renders, 50); i++)
{
    var sw = Stopwatch.StartNew();
    var page = await html.RenderAsync("ats-single-column", "resume", "b", resume, "A4", default);
    htmlTimes.Add(sw.Elapsed.TotalMilliseconds);
    sw.Restart();
    await printer.PrintAsync(page, null, default);
    printTimes.Add(sw.Elapsed.TotalMilliseconds);
}
Console.WriteLine($"phases (sequential, median): Razor→HTML {Median(htmlTimes):0.0} ms, set content + print {Median(printTimes):0.0} ms");

foreach (var concurrency in concurrencies)
{
    var latencies = new List<double>(renders);
    var next = 0;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) <= renders)
        {
            var sw = Stopwatch.StartNew();
            await renderer.RenderAsync("ats-single-column", "resume", "b", resume, "A4", null, default);
            lock (latencies) latencies.Add(sw.Elapsed.TotalMilliseconds);
        }
    }));
    total.Stop();
    latencies.Sort();
    Console.WriteLine($"concurrency {concurrency}: median {Median(latencies):0} ms, p95 {latencies[(int)(latencies.Count * 0.95) - 1]:0} ms, " +
                      $"{renders / total.Elapsed.TotalSeconds:0.0} PDF/s");
}

await services.DisposeAsync(); // closes Chromium
try { Directory.Delete(dataDirectory, true); } catch (IOException) { }

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
