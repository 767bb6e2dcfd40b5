namespace ResumePair.Contracts.Exports;

/// <summary>
/// Orchestrator → operators: a job used its last attempt and went to dead_letter. Published through the outbox in
/// the transaction that dead-lettered the job (so an alert fires if and only if that happened); the orchestrator
/// itself logs it and POSTs it to <c>Export:DeadLetterWebhookUrl</c> when configured.
/// </summary>
public sealed record JobDeadLettered
{
    public required Guid JobId { get; init; }
    public required string Type { get; init; }
    public required int Attempts { get; init; }
    public required string Error { get; init; }
    public required Guid CreatedBy { get; init; }
    public required DateTimeOffset At { get; init; }
}
