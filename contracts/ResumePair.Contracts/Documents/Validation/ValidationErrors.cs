namespace ResumePair.Contracts.Documents.Validation;

/// <summary>
/// Field path → messages. <see cref="ToDictionary"/> has the shape of a validation problem's <c>errors</c>, so a
/// service can answer with it directly without Contracts depending on ASP.NET.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public int Count => _errors.Count;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
