namespace ResumePair.AppHost.Orchestration;

/// <summary>A resource could not be brought up; carries its last output so the launcher can say why.</summary>
public sealed class StartupFailedException(string resource, string reason, IReadOnlyList<string> lastLines)
    : Exception($"{resource}: {reason}")
{
    public string Resource { get; } = resource;

    public IReadOnlyList<string> LastLines { get; } = lastLines;
}
