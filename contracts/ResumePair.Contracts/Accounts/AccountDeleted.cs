namespace ResumePair.Contracts.Accounts;

/// <summary>
/// Documents → every service keeping data of a user (published through the documents service's transactional outbox
/// in the transaction that deleted the account, at least once): delete everything of <see cref="UserId"/>. Handling it
/// twice must do nothing more.
/// </summary>
public sealed record AccountDeleted
{
    public required Guid UserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
