namespace ResumePair.Contracts.Exports;

/// <summary>
/// Orchestrator → renderers (published, fan-out: every renderer replica receives it, because only the one running
/// the attempt knows it). The user or an operator cancelled the job: a renderer working on
/// (<see cref="JobId"/>, <see cref="Attempt"/>) should stop (close the page, skip the upload) and publish nothing
/// more for it. A renderer not working on it ignores it; one that receives a <see cref="RenderPdfRequested"/> for
/// that attempt later (the request was still queued) may drop it by remembering recent cancellations until
/// <see cref="Deadline"/>. Harmless if missed: the job is already cancelled and the orchestrator's fencing
/// ignores any late result or upload for it.
/// </summary>
public sealed record CancelRender
{
    public required Guid JobId { get; init; }
    /// <summary>The attempt that was dispatched when the job was cancelled.</summary>
    public required int Attempt { get; init; }
    public required string Reason { get; init; }
    /// <summary>The attempt's own deadline: after it no renderer can still be working on it.</summary>
    public required DateTimeOffset Deadline { get; init; }
}
