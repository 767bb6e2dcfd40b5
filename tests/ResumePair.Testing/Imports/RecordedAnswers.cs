using System.Text.Json;
using ResumePair.Contracts.Documents;
using ResumePair.Testing.Vendors;

namespace ResumePair.Testing.Imports;

/// <summary>
/// tests/corpus/answers: what a good model answers for each corpus resume (<c>NN-….json</c>; <c>templates.json</c> for
/// every template PDF, which all print one document), and its answer to the repair request where the first answer
/// drops something (<c>….repair.json</c>). Written from the expected data with the mistakes such models make, not
/// recorded from a vendor: see the folder's README.
/// </summary>
public static class RecordedAnswers
{
    public static string Folder =>
        Path.Combine(
            RepositoryPaths.Root
                ?? throw new InvalidOperationException("The answers are read from the repository checkout."),
            "tests",
            "corpus",
            "answers"
        );

    /// <summary>
    /// The fake vendor's step for one resume: the recorded answer to the first request, the recorded repair to the next
    /// (or the first answer again when none was recorded: a model that repeats itself).
    /// </summary>
    public static FakeOpenAiServer.Step For(CorpusCase corpusCase)
    {
        var stem = Stem(corpusCase);
        var first = File.ReadAllText(stem + ".json");
        var repair = File.Exists(stem + ".repair.json") ? File.ReadAllText(stem + ".repair.json") : first;
        var calls = 0;
        return (http, request) =>
            FakeOpenAiServer.Reply(Interlocked.Increment(ref calls) == 1 ? first : repair)(http, request);
    }

    /// <summary>The recorded first answer has fewer jobs than the resume (the mistake the repair request is
    /// for).</summary>
    public static bool DropsAJob(CorpusCase corpusCase)
    {
        using var answer = JsonDocument.Parse(File.ReadAllText(Stem(corpusCase) + ".json"));
        return answer.RootElement.TryGetProperty("work", out var work)
            && work.GetArrayLength() < corpusCase.Expected.Work.Count;
    }

    /// <summary>The recorded first answer as data: what the model path would give without the check.</summary>
    public static ResumeData FirstAnswer(CorpusCase corpusCase) =>
        JsonSerializer.Deserialize<ResumeData>(
            File.ReadAllText(Stem(corpusCase) + ".json"),
            JsonSerializerOptions.Web
        )!;

    private static string Stem(CorpusCase c) =>
        Path.Combine(Folder, c.SourceType == "pdf-template" ? "templates" : c.Name);
}
