namespace ResumePair.Contracts.Documents.Validation;

/// <summary>
/// The rules' messages in other languages (ValidationTexts.*.resx, keyed by the English message the rules write): a
/// service answering them registers this catalog, and its problem details translate them for the request.
/// </summary>
public sealed class ValidationTexts;
