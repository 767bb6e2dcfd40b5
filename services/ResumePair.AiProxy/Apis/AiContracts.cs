using System.ComponentModel;
using ResumePair.AiProxy.Providers;
using ResumePair.Contracts.Documents;

namespace ResumePair.AiProxy.Apis;

public sealed record GenerateRequest(
    [property: Description("A resume to draft for (its content is read with the caller's token)")] Guid? DocumentId,
    [property: Description("What to draft, or notes to turn into content")] string? Prompt,
    [property: Description("summary, headline, highlights, skills or general (default)")] string? Section);

public sealed record GenerateResponse(string Text, string Section, string Provider, string Model);

public sealed record ExtractRequest([property: Description("Pasted resume text")] string? Text);

/// <param name="Unplaced">Lines of the text the offline parser could not place in any field, for the user to assign
/// (the import screen offers them); empty when a model extracted the resume.</param>
public sealed record ExtractResponse(ResumeData Data, string Provider, string Model, IReadOnlyList<string> Unplaced);

public sealed record EnhanceRequest(
    [property: Description("Bullet points, one per line")] string? Text,
    [property: Description("concise (default) or impact")] string? Style);

public sealed record EnhanceResponse(string Text, IReadOnlyList<EnhancedBullet> Bullets, string Provider, string Model);

public sealed record TailorRequest(Guid? DocumentId, string? JobDescription);

/// <summary>The score and keywords are computed in code (deterministic); only the suggestions come from the
/// provider.</summary>
public sealed record TailorResponse(
    int MatchScore,
    IReadOnlyList<string> MatchedKeywords,
    IReadOnlyList<string> MissingKeywords,
    IReadOnlyList<string> Suggestions,
    string Provider,
    string Model
);

public sealed record CoverLetterRequest(Guid? DocumentId, string? JobDescription);

public sealed record CoverLetterResponse(CoverLetterData Data, string Provider, string Model);

public sealed record UsageResponse(int UsedToday, int DailyLimit, int Remaining, DateTimeOffset ResetsAt);
