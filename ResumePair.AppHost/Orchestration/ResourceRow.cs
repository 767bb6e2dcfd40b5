namespace ResumePair.AppHost.Orchestration;

/// <summary>One line of the resource table printed when everything is up.</summary>
public sealed record ResourceRow(string Name, string Type, string State, string Url);
