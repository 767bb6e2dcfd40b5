namespace ResumePair.Documents.Accounts;

/// <summary>Input rules for registration; errors keyed by field, as the validation problem's <c>errors</c>.</summary>
public static class AccountRules
{
    public const int MinPasswordLength = 12;

    /// <summary>
    /// zxcvbn's entropy estimate (bits) under which a password counts as common: a listed password, word or keyboard
    /// run with small changes ("Password123!" 6.6, "qwertyuiop12" 11.6, "letmein12345" 6.6), within ~65,000 guesses.
    /// </summary>
    public const double MinPasswordEntropyBits = 16;
    public const int MaxPasswordLength = 128; // PBKDF2 cost grows with length; nobody needs more
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;

    public static Dictionary<string, string[]> ValidateRegistration(RegisterRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (ValidateEmail(request.Email) is { } email) errors["email"] = [email];
        if (ValidatePassword(request.Password) is { } password) errors["password"] = [password];
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors["name"] = ["Name is required."];
        else if (ValidateText(name, MaxNameLength) is { } nameError) errors["name"] = [nameError];
        return errors;
    }

    /// <summary>
    /// Length and characters of a free-text field. Control characters (NUL above all, which PostgreSQL's text
    /// cannot store and which used to surface as a 500) have no place in a name, an address or a token.
    /// </summary>
    public static string? ValidateText(string text, int maxLength)
    {
        if (text.Length > maxLength) return $"Must be at most {maxLength} characters.";
        return HasControlCharacters(text) ? "Must not contain control characters." : null;
    }

    public static bool HasControlCharacters(string text) => text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0
        || text.Contains('\u007f');

    public static string? ValidateEmail(string? email)
    {
        email = email?.Trim();
        if (string.IsNullOrEmpty(email)) return "Email is required.";
        if (email.Length > MaxEmailLength) return $"Email must be at most {MaxEmailLength} characters.";
        if (HasControlCharacters(email)) return "Email must not contain control characters.";
        var at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1 || !email[(at + 1)..].Contains('.')
            || email.Any(char.IsWhiteSpace))
            return "Email is not a valid address.";
        return null;
    }

    public static string? ValidatePassword(string? password)
    {
        if (string.IsNullOrEmpty(password)) return "Password is required.";
        if (password.Length < MinPasswordLength) return $"Password must be at least {MinPasswordLength} characters.";
        if (password.Length > MaxPasswordLength) return $"Password must be at most {MaxPasswordLength} characters.";
        if (password.Contains('\0')) return "Password must not contain NUL characters.";
        if (!password.Any(char.IsLetter) || !password.Any(c => !char.IsLetter(c)))
            return "Password must contain a letter and a digit or symbol.";
        if (Zxcvbn.Zxcvbn.MatchPassword(password).Entropy < MinPasswordEntropyBits)
            return "This password is one of the most common ones (or close to one): choose another.";
        return null;
    }
}
