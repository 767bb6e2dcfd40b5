namespace ResumePair.PdfRenderer.Messaging;

/// <summary>Names this replica in results and logs: the launcher's instance id, else host and pid.</summary>
public sealed class WorkerIdentity(IConfiguration configuration)
{
    public string Id { get; } = configuration["OTEL_SERVICE_INSTANCE_ID"] is { Length: > 0 } id
        ? id
        : $"{Environment.MachineName}:{Environment.ProcessId}";
}
