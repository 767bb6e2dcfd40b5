using ResumePair.Documents.Accounts;
using Xunit;

namespace ResumePair.Documents.Tests.Unit;

/// <summary>At least 12 characters, and none of the most common passwords or their easy variations (zxcvbn's
/// lists).</summary>
public sealed class PasswordRulesTests
{
    [Theory]
    [InlineData("password1")]
    [InlineData("short-1")]
    [InlineData("password1234")]
    [InlineData("Password123!")]
    [InlineData("qwertyuiop12")]
    [InlineData("iloveyou1234")]
    [InlineData("letmein12345")]
    [InlineData("123456789012")]
    public void Short_or_common_passwords_are_refused(string password) =>
        Assert.NotNull(AccountRules.ValidatePassword(password));

    [Theory]
    [InlineData("right-password-1")]
    [InlineData("correct-horse-battery-1")]
    [InlineData("Sufficiently-long-9")]
    [InlineData("another-pass-2")]
    public void Long_uncommon_passwords_pass(string password) =>
        Assert.Null(AccountRules.ValidatePassword(password));
}
