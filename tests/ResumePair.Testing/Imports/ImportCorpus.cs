using System.Text.Json;
using ResumePair.Contracts.Documents;

namespace ResumePair.Testing.Imports;

/// <summary>One resume of tests/corpus: the source file a user would upload or paste and the data it holds.</summary>
/// <param name="SourceType">txt, docx, pdf-chromium, pdf-groff or pdf-template (from the file name).</param>
public sealed record CorpusCase(string Name, string SourcePath, string SourceType, ResumeData Expected);

/// <summary>
/// tests/corpus/cases: <c>NN-lang-type[-layout].{txt,pdf,docx}</c> next to <c>….json</c>, the expected data (written
/// by tests/corpus/generate.py from the same structured data the source was rendered from, so it is exact).
/// </summary>
public static class ImportCorpus
{
    private static readonly string[] SourceExtensions = [".txt", ".pdf", ".docx", ".zip"];

    public static string Folder => Path.Combine(Root, "tests", "corpus", "cases");

    /// <summary>tests/corpus/templates: our own templates' PDFs (every template × page size) and the document
    /// printed.</summary>
    public static string TemplatesFolder => Path.Combine(Root, "tests", "corpus", "templates");

    private static string Root => RepositoryPaths.Root
        ?? throw new InvalidOperationException("The corpus is read from the repository checkout.");

    public static IReadOnlyList<CorpusCase> Load(string? folder = null)
    {
        folder ??= Folder;
        var cases = new List<CorpusCase>();
        foreach (var json in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var stem = Path.ChangeExtension(json, null);
            var source = SourceExtensions.Select(e => stem + e).FirstOrDefault(File.Exists);
            if (source is null) continue;
            var expected = JsonSerializer.Deserialize<ResumeData>(File.ReadAllText(json), JsonSerializerOptions.Web)
                           ?? throw new InvalidDataException($"{json} is empty.");
            cases.Add(new CorpusCase(Path.GetFileName(stem), source, SourceTypeOf(Path.GetFileName(stem)), expected));
        }
        return cases;
    }

    /// <summary>"13-en-pdf-chromium-onecol" → pdf-chromium; "05-en-txt" → txt; "template-compact-A4" →
    /// pdf-template.</summary>
    public static string SourceTypeOf(string name)
    {
        if (name.StartsWith("template-", StringComparison.Ordinal)) return "pdf-template";
        var parts = name.Split('-');
        return parts.Length > 3 && parts[2] == "pdf" ? $"pdf-{parts[3]}" : parts.Length > 2 ? parts[2] : "other";
    }
}
