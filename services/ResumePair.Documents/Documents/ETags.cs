using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ResumePair.Documents.Documents;

/// <summary>A document's ETag is its version in quotes: <c>"7"</c>.</summary>
public static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    /// <summary>
    /// Reads <c>If-Match</c>: null when absent; <see cref="Precondition.Any"/> for <c>*</c>; otherwise the
    /// listed versions. A weak tag never matches (RFC 9110 §13.1.1 compares If-Match strongly): it is left out.
    /// </summary>
    public static Precondition? ParseIfMatch(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header)) return null;
        if (!EntityTagHeaderValue.TryParseList(header, out var tags)) return Precondition.Invalid;
        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any))) return Precondition.Any;
        var versions = new List<long>();
        foreach (var tag in tags)
            if (!tag.IsWeak && long.TryParse(tag.Tag.AsSpan().Trim('"'), out var v)) versions.Add(v);
        return new Precondition(versions, AnyVersion: false);
    }

    public static bool Matches(StringValues ifNoneMatch, long version) => MatchesTag(ifNoneMatch, For(version));

    /// <summary><c>If-None-Match: *</c>: "only if it does not exist yet".</summary>
    public static bool IsAnyTag(StringValues ifNoneMatch) =>
        EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any));

    /// <summary><c>If-None-Match</c> lists <paramref name="etag"/> (a quoted tag; weak forms count, as for GET) or
    /// <c>*</c>.</summary>
    public static bool MatchesTag(StringValues ifNoneMatch, string etag) =>
        EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(etag, StringComparison.Ordinal));
}

/// <summary>What <c>If-Match</c> allows: any current version, or one of the listed ones.</summary>
public sealed record Precondition(IReadOnlyList<long> Versions, bool AnyVersion)
{
    public static readonly Precondition Any = new([], AnyVersion: true);
    public static readonly Precondition Invalid = new([], AnyVersion: false);

    public bool Allows(long version) => AnyVersion || Versions.Contains(version);
}
