namespace ResumePair.Contracts.Documents;

/// <summary>The ResumePair cover-letter schema, version 1 (camelCase JSON).</summary>
public sealed record CoverLetterData
{
    public Profile Sender { get; init; } = new();
    public Recipient Recipient { get; init; } = new();
    public string? Date { get; init; }
    public string? Subject { get; init; }
    public string? Greeting { get; init; }
    public IReadOnlyList<string> Paragraphs { get; init; } = [];
    public string? Closing { get; init; }
    public string? Signature { get; init; }
    /// <summary>Template, page size, colours, fonts and spacing; null = the template's defaults.</summary>
    public DesignSettings? Design { get; init; }
}

public sealed record Recipient
{
    public string? Name { get; init; }
    public string? Title { get; init; }
    public string? Company { get; init; }
    public string? Address { get; init; }
}
