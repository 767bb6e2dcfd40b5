using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;

namespace ResumePair.ServiceDefaults.Localization;

/// <summary>A .resx whose keys are the English texts a service writes (see <see cref="ServerTexts"/>).</summary>
public sealed record ServerTextCatalog(Type Resource);

/// <summary>
/// The texts services write in English where they arise (problem titles and details, validation messages, job stages
/// and failures) in the request's language (<see cref="CultureInfo.CurrentUICulture"/>, set by request localization).
/// Each catalog is a .resx keyed by the English text (the .NET convention for <see cref="IStringLocalizer"/>, read here
/// through the <see cref="ResourceManager"/> it wraps, ignoring case as resx keys do: "Not Found", ASP.NET's default
/// title, and "Not found" are one key); a key with placeholders (<c>Must be at most {0} characters.</c>) also matches
/// the text it formats, its arguments kept.
/// Translating where the text is answered, not where it is written, keeps one path for the ~150 problem call sites and
/// the shared document rules of Contracts (which has no ASP.NET to ask for a localizer); a text no catalog knows stays
/// English, so a missing translation never fails a request.
/// </summary>
public sealed class ServerTexts
{
    private readonly IReadOnlyList<ResourceManager> _catalogs;
    private readonly Lazy<IReadOnlyList<Template>> _templates;

    public ServerTexts(IEnumerable<ServerTextCatalog> catalogs)
    {
        _catalogs = catalogs.DistinctBy(c => c.Resource)
            .Select(c => new ResourceManager(c.Resource) { IgnoreCase = true }).ToList();
        _templates = new(() => _catalogs.SelectMany(c => Keys(c)
                .Where(k => k.Contains('{')).Select(k => Template.Of(k, c)))
            .OrderByDescending(t => t.Literal).ToList());
    }

    /// <summary>English needs no lookup: the texts are written in it.</summary>
    public static bool IsEnglish(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName is "en" or "iv" || culture.Equals(CultureInfo.InvariantCulture);

    /// <summary><paramref name="text"/> in the current UI culture; unchanged when English or unknown.</summary>
    public string Localize(string text)
    {
        var culture = CultureInfo.CurrentUICulture;
        if (string.IsNullOrEmpty(text) || IsEnglish(culture)) return text;
        foreach (var catalog in _catalogs)
            if (catalog.GetString(text, culture) is { } found) return found;
        foreach (var template in _templates.Value)
            if (template.Match(text) is { } args && template.Resources.GetString(template.Key, culture) is { } format)
                return string.Format(CultureInfo.CurrentCulture, format, args);
        return text;
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public string? LocalizeOrNull(string? text) => text is null ? null : Localize(text);

    /// <summary>Every key of a catalog (its neutral, English resources).</summary>
    public static IEnumerable<string> Keys(ResourceManager resources) =>
        resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)?
            .Cast<DictionaryEntry>().Select(e => (string)e.Key) ?? [];

    /// <summary>A key with placeholders as a pattern; the longest literal text is tried first (most
    /// specific).</summary>
    private sealed class Template(string key, ResourceManager resources, Regex pattern, int[] order, int literal)
    {
        public string Key => key;
        public ResourceManager Resources => resources;
        public int Literal => literal;

        public static Template Of(string key, ResourceManager resources)
        {
            var regex = new StringBuilder("^");
            var order = new List<int>();
            var last = 0;
            var literal = 0;
            foreach (Match m in Placeholder.Matches(key))
            {
                regex.Append(Regex.Escape(key[last..m.Index])).Append("(.*?)");
                literal += m.Index - last;
                order.Add(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                last = m.Index + m.Length;
            }
            regex.Append(Regex.Escape(key[last..])).Append('$');
            literal += key.Length - last;
            var pattern = new Regex(regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
            return new Template(key, resources, pattern, [.. order], literal);
        }

        /// <summary>The arguments in placeholder order, or null when the text is not this template's.</summary>
        public object[]? Match(string text)
        {
            var m = pattern.Match(text);
            if (!m.Success) return null;
            var args = new object[order.Length == 0 ? 0 : order.Max() + 1];
            for (var i = 0; i < order.Length; i++) args[order[i]] = m.Groups[i + 1].Value;
            return args;
        }

        private static readonly Regex Placeholder = new(@"\{(\d+)\}", RegexOptions.CultureInvariant);
    }
}

public static class ServerTextsExtensions
{
    /// <summary>Adds a catalog: English texts → translations, a .resx beside
    /// <typeparamref name="TResource"/>.</summary>
    public static IServiceCollection AddServerTexts<TResource>(this IServiceCollection services)
    {
        services.TryAddSingleton<ServerTexts>();
        services.AddSingleton(new ServerTextCatalog(typeof(TResource)));
        return services;
    }
}
