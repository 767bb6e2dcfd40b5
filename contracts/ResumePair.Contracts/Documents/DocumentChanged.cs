namespace ResumePair.Contracts.Documents;

/// <summary>
/// Documents → anyone interested (published through the documents service's transactional outbox, at least
/// once: deduplicate on the MessageId, e.g. with the inbox). Carries no content: a consumer that needs it
/// reads the document (or the version) with the user's authority, so access rules live in one place.
/// Versions only grow; a consumer may skip an event older than one it already handled.
/// </summary>
public sealed record DocumentChanged
{
    public required Guid DocumentId { get; init; }
    public required Guid UserId { get; init; }
    /// <summary><c>resume</c> or <c>cover_letter</c>.</summary>
    public required string DocumentType { get; init; }
    /// <summary>The document's version after the change (unchanged by <see cref="DocumentChangeKinds.Deleted"/> and <see cref="DocumentChangeKinds.Restored"/>).</summary>
    public required long Version { get; init; }
    /// <summary>One of <see cref="DocumentChangeKinds"/>.</summary>
    public required string Change { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

public static class DocumentChangeKinds
{
    public const string Created = "created";
    public const string Updated = "updated";
    /// <summary>Moved to the trash (restorable for 30 days).</summary>
    public const string Deleted = "deleted";
    /// <summary>Brought back from the trash.</summary>
    public const string Restored = "restored";
}
