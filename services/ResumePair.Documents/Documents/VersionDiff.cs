using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace ResumePair.Documents.Documents;

/// <summary>One field that differs between two versions, with the words a person reads (not JSON).</summary>
/// <param name="Path">The field as the validator names it (<c>data.work[0].company</c>), so a client can link to
/// it.</param>
/// <param name="Group">Where it is: <c>Profile</c>, <c>Work experience › Engineer, Acme</c>.</param>
/// <param name="Field">What it is: <c>Company</c>, <c>Highlight 2</c>.</param>
/// <param name="Kind"><c>added</c>, <c>removed</c> or <c>changed</c>.</param>
public sealed record FieldChange(string Path, string Group, string Field, string Kind, string? Before, string? After);

/// <summary>
/// A field-level comparison of two versions of a document. List entries carry no ids, so entries are paired by what
/// identifies them (position and company, institution, name…), then the rest by order, so inserting a job at the top
/// reads as one added job, not every job changed; lists of lines (highlights) are aligned by their longest common
/// subsequence. Empty, null, false and missing are the same (the editor writes all of them for "nothing"). Names and
/// summaries are in the request's language (<see cref="HistoryTexts"/>); paths and kinds are codes and never change.
/// </summary>
public sealed class VersionDiff(IStringLocalizer<HistoryTexts> words)
{
    public IReadOnlyList<FieldChange> Compare(string beforeTitle, JsonElement before, string afterTitle,
        JsonElement after)
    {
        var changes = new List<FieldChange>();
        Leaf(changes, "title", words["diff.document"].Value, Field("title"), Text(beforeTitle), Text(afterTitle));
        Walk(changes, "data", [], before, after);
        return changes;
    }

    /// <summary>One line for a history list: "Edited Profile › Headline, added Work experience › Acme and 2
    /// more".</summary>
    public string Summarize(IReadOnlyList<FieldChange> changes)
    {
        if (changes.Count == 0) return words["summary.none"].Value;
        var phrases = new List<string>();
        foreach (var group in changes.GroupBy(c => c.Group))
        {
            var kinds = group.Select(c => c.Kind).Distinct().ToList();
            var leaves = group.ToList();
            // A whole entry added or removed is named by the entry ("added Work experience › Acme"): its naming field
            // (company, name…) is among the leaves. A highlight added to an existing job is not the job added.
            var entry = group.Key.Split(" › ")[^1].Split(", ");
            var whole = leaves.Any(l => (l.After ?? l.Before) is { } value && entry.Contains(value));
            var phrase = kinds is ["added"] && whole ? words["summary.added", group.Key].Value
                : kinds is ["removed"] && whole ? words["summary.removed", group.Key].Value
                : leaves.Count == 1 ? words[Verb(leaves[0].Kind), Join(group.Key, leaves[0].Field)].Value
                : words["summary.edited", group.Key].Value;
            phrases.Add(phrase);
        }
        var shown = string.Join(", ", phrases.Take(3));
        if (phrases.Count > 3) shown = words["summary.more", shown, phrases.Count - 3].Value;
        return char.ToUpperInvariant(shown[0]) + shown[1..];
    }

    private static string Verb(string kind) =>
        kind switch { "added" => "summary.added", "removed" => "summary.removed", _ => "summary.edited" };

    private static string Join(string group, string field) => group.Length == 0 ? field : $"{group} › {field}";

    private void Walk(List<FieldChange> changes, string path, IReadOnlyList<string> group, JsonElement? a,
        JsonElement? b)
    {
        var kindA = Kind(a);
        var kindB = Kind(b);
        if (kindA == JsonValueKind.Object || kindB == JsonValueKind.Object)
        {
            var keys = Keys(b).Concat(Keys(a)).Distinct(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var childA = Property(a, key);
                var childB = Property(b, key);
                var childPath = $"{path}.{key}";
                if (IsContainer(childA) || IsContainer(childB))
                    Walk(changes, childPath, [.. group, Section(key)], childA, childB);
                else
                    Leaf(changes, childPath, GroupName(group), Field(key), Text(childA), Text(childB));
            }
            return;
        }
        if (kindA == JsonValueKind.Array || kindB == JsonValueKind.Array)
        {
            var itemsA = Items(a);
            var itemsB = Items(b);
            if (itemsA.Concat(itemsB).Any(e => IsContainer(e))) Entries(changes, path, group, itemsA, itemsB);
            else Lines(changes, path, group, itemsA, itemsB);
            return;
        }
        Leaf(
            changes,
            path,
            GroupName(group.Take(group.Count - 1).ToList()),
            group.Count > 0 ? group[^1] : path,
            Text(a),
            Text(b)
        );
    }

    /// <summary>A list of entries (jobs, schools): paired by identity, then the rest in order.</summary>
    private void Entries(List<FieldChange> changes, string path, IReadOnlyList<string> group, List<JsonElement> a,
        List<JsonElement> b)
    {
        var pairOfB = new int[b.Count];
        Array.Fill(pairOfB, -1);
        var usedA = new bool[a.Count];
        for (var j = 0; j < b.Count; j++)
        {
            var id = Identity(b[j]);
            if (id.Length == 0) continue;
            for (var i = 0; i < a.Count; i++)
                if (!usedA[i] && Identity(a[i]) == id) { pairOfB[j] = i; usedA[i] = true; break; }
        }
        var restA = new Queue<int>(Enumerable.Range(0, a.Count).Where(i => !usedA[i]));
        for (var j = 0; j < b.Count; j++)
            if (pairOfB[j] < 0 && restA.TryDequeue(out var i)) { pairOfB[j] = i; usedA[i] = true; }

        for (var j = 0; j < b.Count; j++)
        {
            JsonElement? before = pairOfB[j] >= 0 ? a[pairOfB[j]] : null;
            Walk(changes, $"{path}[{j}]", [.. group, EntryName(b[j], j)], before, b[j]);
        }
        for (var i = 0; i < a.Count; i++)
            if (!usedA[i]) Walk(changes, $"{path}[{i}]", [.. group, EntryName(a[i], i)], a[i], null);
    }

    /// <summary>A list of lines (highlights, keywords): unchanged lines matched, the lines between paired in
    /// order.</summary>
    private void Lines(List<FieldChange> changes, string path, IReadOnlyList<string> group, List<JsonElement> a,
        List<JsonElement> b)
    {
        var x = a.Select(e => Text(e) ?? "").ToList();
        var y = b.Select(e => Text(e) ?? "").ToList();
        var lcs = new int[x.Count + 1, y.Count + 1];
        for (var i = x.Count - 1; i >= 0; i--)
            for (var j = y.Count - 1; j >= 0; j--)
                lcs[i, j] = x[i] == y[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var field = group.Count > 0 ? group[^1] : words["diff.lines"].Value;
        var owner = GroupName(group.Take(group.Count - 1).ToList());
        // "Highlight 2": the list's word for one line where it has one (line.{key}), else the list's name and number.
        var key = path[(path.LastIndexOf('.') + 1)..];
        string Line(int n) => words[$"line.{key}", n] is { ResourceNotFound: false } one ? one.Value : $"{field} {n}";
        int p = 0, q = 0;
        var removed = new List<int>();
        var added = new List<int>();
        void Flush()
        {
            var paired = Math.Min(removed.Count, added.Count);
            for (var k = 0; k < paired; k++)
                Leaf(changes, $"{path}[{added[k]}]", owner, Line(added[k] + 1), x[removed[k]], y[added[k]]);
            foreach (var i in removed.Skip(paired)) Leaf(changes, $"{path}[{i}]", owner, Line(i + 1), x[i], null);
            foreach (var j in added.Skip(paired)) Leaf(changes, $"{path}[{j}]", owner, Line(j + 1), null, y[j]);
            removed.Clear();
            added.Clear();
        }
        while (p < x.Count || q < y.Count)
        {
            if (p < x.Count && q < y.Count && x[p] == y[q]) { Flush(); p++; q++; }
            else if (q >= y.Count || (p < x.Count && lcs[p + 1, q] >= lcs[p, q + 1])) removed.Add(p++);
            else added.Add(q++);
        }
        Flush();
    }

    private static void Leaf(
        List<FieldChange> changes,
        string path,
        string group,
        string field,
        string? before,
        string? after
    )
    {
        if (before == after) return;
        var kind = before is null ? "added" : after is null ? "removed" : "changed";
        changes.Add(new FieldChange(path, group, field, kind, before, after));
    }

    /// <summary>What names an entry for people: "Engineer, Acme", "MIT", "COBOL".</summary>
    private string Identity(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object) return Text(entry) ?? "";
        var parts = IdentityKeys.Select(k => Text(Property(entry, k))).Where(v => v is not null).Take(2);
        return string.Join(", ", parts);
    }

    private string EntryName(JsonElement entry, int index) =>
        Identity(entry) is { Length: > 0 } id ? id : words["diff.entry", index + 1].Value;

    private static string GroupName(IReadOnlyList<string> group) => string.Join(" › ", group);

    /// <summary>A scalar as text; null for nothing (null, missing, blank). Containers are never leaves.</summary>
    private string? Text(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => Text(value.Value.GetString()),
        JsonValueKind.Number => value.Value.GetRawText(),
        JsonValueKind.True => words["diff.yes"].Value,
        // An unticked box is the same as none (the editor and the validator write false for it).
        _ => null,
    };

    private static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static JsonValueKind Kind(JsonElement? e) => e?.ValueKind ?? JsonValueKind.Undefined;

    private static bool IsContainer(JsonElement? e) => Kind(e) is JsonValueKind.Object or JsonValueKind.Array;

    private static IEnumerable<string> Keys(JsonElement? e) =>
        Kind(e) == JsonValueKind.Object ? e!.Value.EnumerateObject().Select(p => p.Name) : [];

    private static JsonElement? Property(JsonElement? e, string key) =>
        Kind(e) == JsonValueKind.Object && e!.Value.TryGetProperty(key, out var value) ? value : null;

    private static List<JsonElement> Items(JsonElement? e) =>
        Kind(e) == JsonValueKind.Array ? e!.Value.EnumerateArray().ToList() : [];

    /// <summary>
    /// The editor's names for sections and fields (gateway/web/src/components/sections.ts), in the request's language:
    /// <c>section.{key}</c> and <c>field.{key}</c> of <see cref="HistoryTexts"/>; a key without one reads as words.
    /// </summary>
    private string Section(string key) => Named($"section.{key}", key);

    private string Field(string key) => Named($"field.{key}", key);

    private string Named(string name, string key) =>
        words[name] is { ResourceNotFound: false } found ? found.Value : Humanize(key);

    private static readonly string[] IdentityKeys =
        ["position", "company", "institution", "name", "language", "title", "label", "issuer"];

    /// <summary><c>startDate</c> → "Start date".</summary>
    private static string Humanize(string key)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in key)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append(' ').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        var result = text.ToString();
        return result.Length == 0 ? key : char.ToUpper(result[0], CultureInfo.InvariantCulture) + result[1..];
    }
}
