namespace ResumePair.Testing.Services;

/// <summary>A user registered through the real documents auth API, with the access token it issued.</summary>
public sealed record TestUser(Guid Id, string Email, string Role, string AccessToken);
