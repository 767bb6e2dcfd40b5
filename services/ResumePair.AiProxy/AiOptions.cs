namespace ResumePair.AiProxy;

/// <summary><c>Ai</c>: which provider answers, its budget, the resilience settings and the plans' daily
/// quotas.</summary>
public sealed class AiOptions
{
    public const string Section = "Ai";

    /// <summary><c>offline</c> (default: works with no keys), <c>openai</c> (any chat-completions endpoint) or
    /// <c>gemini</c>.</summary>
    public string Provider { get; set; } = "offline";
    public OpenAiOptions OpenAi { get; set; } = new();
    public GeminiOptions Gemini { get; set; } = new();

    /// <summary>Requests a user may make per UTC day unless their plan says otherwise.</summary>
    public int DailyLimit { get; set; } = 100;
    /// <summary>Daily limit by the token's <c>plan</c> claim, e.g. <c>Ai:Plans:pro=1000</c>.</summary>
    public Dictionary<string, int> Plans { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromMinutes(5);
    public BudgetOptions Budget { get; set; } = new();
    public ResilienceOptions Resilience { get; set; } = new();
    /// <summary>Rough price for the ledger's cost estimate (USD per 1,000 tokens, input and output).</summary>
    public decimal CostPer1kInputTokens { get; set; } = 0.00015m;
    public decimal CostPer1kOutputTokens { get; set; } = 0.0006m;
}

public sealed class OpenAiOptions
{
    public string BaseUrl { get; set; } = "https://api.openai.com/v1";
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>Sent as a bearer token only; never logged. Optional for local servers (llama.cpp, Ollama,
    /// vLLM).</summary>
    public string? ApiKey { get; set; }
}

public sealed class GeminiOptions
{
    public string BaseUrl { get; set; } = "https://generativelanguage.googleapis.com/v1beta";
    public string Model { get; set; } = "gemini-1.5-flash";
    /// <summary>Sent in the x-goog-api-key header (not the URL, which ends up in logs); never logged.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>The vendor's quota as a token bucket shared by every replica (state in Postgres).</summary>
public sealed class BudgetOptions
{
    public int RequestsPerMinute { get; set; } = 500;
    public int TokensPerMinute { get; set; } = 200_000;
}

public sealed class ResilienceOptions
{
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(45);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);
    public int MaxRetries { get; set; } = 2;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A vendor asking us to wait longer than this is not retried: the user gets a 503 with its Retry-After
    /// instead of a hang.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);
    public double FailureRatio { get; set; } = 0.5;
    public int MinimumThroughput { get; set; } = 5;
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
