namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>One stored file per job attempt, so a late upload of an old attempt can never overwrite the current
/// one.</summary>
public static class FileKeys
{
    public static string For(Guid jobId, int attempt, string extension = "pdf") =>
        $"exports/{jobId:N}/{attempt}.{extension}";
}
