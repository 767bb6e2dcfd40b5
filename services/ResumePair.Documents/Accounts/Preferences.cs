using Dapper;
using Npgsql;
using ResumePair.Contracts.Documents;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Accounts;

/// <param name="Theme"><c>system</c> (follow the device), <c>light</c> or <c>dark</c>.</param>
/// <param name="Language">The interface language: <c>en</c> or <c>de</c> (the web app applies it at sign-in).</param>
/// <param name="DefaultTemplate">A renderer template id new resumes start with; null = the renderer's default.</param>
/// <param name="DefaultPageSize"><c>A4</c> or <c>Letter</c>; null = A4.</param>
public sealed record PreferencesResponse(
    string Theme,
    string Language,
    string? DefaultTemplate,
    string? DefaultPageSize,
    DateTime? UpdatedAt
);

/// <summary>A partial update: absent fields keep their value; <c>""</c> clears a default.</summary>
public sealed record PreferencesRequest(
    string? Theme,
    string? Language,
    string? DefaultTemplate,
    string? DefaultPageSize
);

/// <summary>The user's preferences (<c>user_preferences</c>, migration 0023).</summary>
public sealed class PreferenceStore(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Themes = ["system", "light", "dark"];
    public static readonly IReadOnlyList<string> Languages = ["en", "de"];
    public static readonly PreferencesResponse Defaults = new("system", "en", null, null, null);

    public async Task<PreferencesResponse> GetAsync(Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<PreferencesResponse>(
            new CommandDefinition(
                """
                SELECT theme, language, default_template AS DefaultTemplate, default_page_size AS DefaultPageSize,
                       updated_at AS UpdatedAt
                FROM user_preferences WHERE user_id = @userId
                """,
                new { userId },
                cancellationToken: ct
            )
        ) ?? Defaults;
    }

    public static Dictionary<string, string[]> Validate(PreferencesRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Theme is { } theme && !Themes.Contains(theme))
            errors["theme"] = [$"Must be one of: {string.Join(", ", Themes)}."];
        if (request.Language is { } language && !Languages.Contains(language))
            errors["language"] = [$"Must be one of: {string.Join(", ", Languages)}."];
        if (request.DefaultTemplate is { Length: > 0 } template && !DesignOptions.Templates.Contains(template))
            errors["defaultTemplate"] = [$"Unknown template; one of: {string.Join(", ", DesignOptions.Templates)}."];
        if (request.DefaultPageSize is { Length: > 0 } size && !DesignOptions.PageSizes.Contains(size))
            errors["defaultPageSize"] = [$"Must be one of: {string.Join(", ", DesignOptions.PageSizes)}."];
        return errors;
    }

    /// <summary>Applies a validated partial update in one statement (two devices saving at once cannot lose a
    /// field).</summary>
    public async Task<PreferencesResponse> UpdateAsync(Guid userId, PreferencesRequest request, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<PreferencesResponse>(
            new CommandDefinition(
                """
                INSERT INTO user_preferences AS p
                    (user_id, theme, language, default_template, default_page_size, updated_at)
                VALUES (@userId, coalesce(@theme, 'system'), coalesce(@language, 'en'), nullif(@template, ''),
                        nullif(@pageSize, ''), @now)
                ON CONFLICT (user_id) DO UPDATE SET
                    theme = coalesce(@theme, p.theme),
                    language = coalesce(@language, p.language),
                    default_template = CASE WHEN @template IS NULL THEN p.default_template
                        ELSE nullif(@template, '') END,
                    default_page_size = CASE WHEN @pageSize IS NULL THEN p.default_page_size
                        ELSE nullif(@pageSize, '') END,
                    updated_at = @now
                RETURNING theme, language, default_template AS DefaultTemplate, default_page_size AS DefaultPageSize,
                          updated_at AS UpdatedAt
                """,
                new
                {
                    userId,
                    theme = request.Theme,
                    language = request.Language,
                    template = request.DefaultTemplate,
                    pageSize = request.DefaultPageSize,
                    now = clock.UtcNowForDb(),
                },
                cancellationToken: ct
            )
        );
    }
}
