using ResumePair.Web.RateLimiting;

namespace ResumePair.Documents.Scoring;

public static class ScoringExtensions
{
    /// <summary>Per user: scoring is cheap, but each call reads a whole document (the seed's limit).</summary>
    public const string RatePolicy = "resume-score";

    public static IHostApplicationBuilder AddScoring(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ScoreStore>();
        builder.AddUserRateLimits((RatePolicy, 10, TimeSpan.FromMinutes(1)));
        return builder;
    }
}
