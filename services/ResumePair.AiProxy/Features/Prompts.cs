using System.Text.Json;
using ResumePair.AiProxy.Providers;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.AiProxy.Features;

public static class AiFeatures
{
    public const string Generate = "generate";
    public const string Extract = "extract";
    public const string Enhance = "enhance";
    public const string Tailor = "tailor";
    public const string CoverLetter = "cover-letter";
}

// The structured inputs the offline provider reads (LLMs read the prompt text built from them).
public sealed record GenerateInput(string Prompt, string Section, ResumeData? Resume);
public sealed record ExtractInput(string Text);
public sealed record EnhanceInput(string Text, string Style);
public sealed record TailorInput(ResumeData Resume, string JobDescription, KeywordMatch Match);
public sealed record CoverLetterInput(ResumeData Resume, string JobDescription, KeywordMatch Match, string Today);

/// <summary>The instructions each feature gives an LLM. Output formats are fixed so the same validation applies to
/// every provider.</summary>
public static class Prompts
{
    private const string Voice =
        "You are a precise resume-writing assistant. "
        + "Never invent employers, dates, degrees or numbers the user did not give.";

    public static readonly string ResumeSchema = """
        {"profile":{"name":string,"headline":string?,"email":string?,"phone":string?,"location":string?,"website":url?,
          "summary":string?,"links":[{"label":string,"url":url}]},
         "work":[{"company":string,"position":string,"location":string?,"url":url?,
           "startDate":"YYYY|YYYY-MM|YYYY-MM-DD"?,"endDate":date?,"current":bool,"summary":string?,
           "highlights":[string]}],
         "education":[{"institution":string,"area":string?,"studyType":string?,"location":string?,"startDate":date?,
           "endDate":date?,"score":string?,"courses":[string]}],
         "skills":[{"name":string,"level":"beginner|intermediate|advanced|expert"?,"keywords":[string]}],
         "projects":[{"name":string,"description":string?,"url":url?,"startDate":date?,"endDate":date?,
           "highlights":[string],"keywords":[string]}],
         "certifications":[{"name":string,"issuer":string?,"date":date?,"url":url?}],
         "languages":[{"language":string,"fluency":string?}],
         "customSections":[{"title":string,"items":[{"title":string,"subtitle":string?,"date":date?,
           "description":string?,"highlights":[string]}]}]}
        """;

    public static readonly string CoverLetterSchema = """
        {"sender":{"name":string,"headline":string?,"email":string?,"phone":string?,"location":string?,"website":url?,
          "summary":null,"links":[]},
         "recipient":{"name":string?,"title":string?,"company":string?,"address":string?},
         "date":"YYYY-MM-DD"?,"subject":string?,"greeting":string?,"paragraphs":[string],"closing":string?,
           "signature":string?}
        """;

    public static AiPrompt Generate(GenerateInput input) =>
        new(
            AiFeatures.Generate,
            $"{Voice} Draft the requested resume content. Answer with the content only: no preamble, "
                + "no markdown headings. Bullet points one per line starting with \"- \".",
            $"Section: {input.Section}\nRequest: {input.Prompt}"
                + (input.Resume is { } r ? $"\n\nThe resume so far:\n{ResumeText.Of(r)}" : ""),
            Json: false,
            MaxOutputTokens: 600,
            input
        );

    public static AiPrompt Extract(ExtractInput input) =>
        new(
            AiFeatures.Extract,
            $"{Voice} Convert the pasted resume into JSON matching exactly this schema (no other fields; "
                + "omit unknown optional fields; dates as YYYY, YYYY-MM or YYYY-MM-DD). "
                + $"Answer with the JSON object only.\n{ResumeSchema}",
            input.Text,
            Json: true,
            MaxOutputTokens: 3_000,
            input
        );

    public static AiPrompt Enhance(EnhanceInput input) =>
        new(
            AiFeatures.Enhance,
            $"{Voice} Rewrite each bullet point to lead with a strong past-tense verb, "
                + $"{(input.Style == "impact" ? "emphasising measurable results" : "as concisely as possible")}. "
                + "Answer with exactly one rewritten bullet per input bullet, one per line, in the same order, "
                + "without bullet markers.",
            input.Text,
            Json: false,
            MaxOutputTokens: 800,
            input
        );

    public static AiPrompt Tailor(TailorInput input) =>
        new(
            AiFeatures.Tailor,
            $"{Voice} Suggest concrete edits that make this resume match the job posting better. "
                + "Answer with at most 8 suggestions, one per line starting with \"- \". "
                + "Only suggest adding a keyword where the resume gives evidence for it.",
            $"Job posting:\n{input.JobDescription}\n\nKeywords the resume lacks: "
                + $"{string.Join(", ", input.Match.Missing)}\n\nResume:\n{ResumeText.Of(input.Resume)}",
            Json: false,
            MaxOutputTokens: 700,
            input
        );

    public static AiPrompt CoverLetter(CoverLetterInput input) =>
        new(
            AiFeatures.CoverLetter,
            $"{Voice} Write a cover letter for this job posting from this resume, 3 or 4 paragraphs. "
                + $"Answer with one JSON object matching exactly this schema, no other fields:\n{CoverLetterSchema}",
            $"Today: {input.Today}\nSender profile: "
                + $"{JsonSerializer.Serialize(input.Resume.Profile, DocumentJson.Output)}\n\nJob "
                + $"posting:\n{input.JobDescription}\n\nResume:\n{ResumeText.Of(input.Resume)}",
            Json: true,
            MaxOutputTokens: 1_200,
            input
        );

    /// <summary>The one repair attempt: the model sees what it wrote and why it was rejected.</summary>
    public static AiPrompt Repair(AiPrompt original, string output, string error) => original with
    {
            User =
                $"{original.User}\n\nYour previous answer was rejected: {error}\nPrevious answer:\n{output}\n\nAnswer "
                    + "again with only the corrected JSON object.",
        };
}
