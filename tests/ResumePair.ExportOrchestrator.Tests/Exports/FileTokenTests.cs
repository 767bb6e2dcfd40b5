using Microsoft.Extensions.Time.Testing;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Exports;

[Collection("infrastructure")]
public sealed class FileTokenTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_token_verifies_until_it_expires_and_any_edit_invalidates_it()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "tokens");
        await using var _db = db;
        var time = new FakeTimeProvider(FlowingTime.DefaultStart);
        var tokens = new FileTokens(new SigningKeyStore(db, time), time);
        var jobId = Guid.NewGuid();
        var token = await tokens.CreateAsync(
            new FileToken(TokenPurpose.Download, jobId, 2, time.GetUtcNow().AddMinutes(5)),
            CancellationToken.None
        );

        var (check, parsed) = await tokens.VerifyAsync(token, TokenPurpose.Download, CancellationToken.None);
        Assert.Equal(TokenCheck.Valid, check);
        Assert.Equal(jobId, parsed!.JobId);
        Assert.Equal(2, parsed.Attempt);

        // The same token is not an upload token.
        Assert.Equal(
            TokenCheck.Invalid,
            (await tokens.VerifyAsync(token, TokenPurpose.Upload, CancellationToken.None)).Check
        );
        // Flip one character of the payload, then of the signature.
        foreach (var index in new[] { 3, token.Length - 3 })
        {
            var chars = token.ToCharArray();
            chars[index] = chars[index] == 'A' ? 'B' : 'A';
            Assert.Equal(
                TokenCheck.Invalid,
                (await tokens.VerifyAsync(new string(chars), TokenPurpose.Download, CancellationToken.None)).Check
            );
        }
        Assert.Equal(
            TokenCheck.Invalid,
            (await tokens.VerifyAsync("garbage", TokenPurpose.Download, CancellationToken.None)).Check
        );
        Assert.Equal(
            TokenCheck.Invalid,
            (await tokens.VerifyAsync("a.b.c", TokenPurpose.Download, CancellationToken.None)).Check
        );

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(
            TokenCheck.Expired,
            (await tokens.VerifyAsync(token, TokenPurpose.Download, CancellationToken.None)).Check
        );
    }

    [Fact]
    public async Task Replicas_share_one_signing_key()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "tokens_shared");
        await using var _db = db;
        var time = new FakeTimeProvider(FlowingTime.DefaultStart);
        var stores = Enumerable.Range(0, 4).Select(_ => new SigningKeyStore(db, time)).ToList();
        var keys = await Task.WhenAll(stores.Select(s => s.GetAsync(CancellationToken.None).AsTask()));
        Assert.All(keys, k => Assert.Equal(keys[0], k));

        var token = await new FileTokens(stores[0], time).CreateAsync(
            new FileToken(TokenPurpose.Upload, Guid.NewGuid(), 1, time.GetUtcNow().AddMinutes(1)),
            default
        );
        Assert.Equal(
            TokenCheck.Valid,
            (await new FileTokens(stores[3], time).VerifyAsync(token, TokenPurpose.Upload, default)).Check
        );
    }

    [Theory]
    [InlineData("Jane Doe — Resume", "Jane Doe Resume.pdf")]
    [InlineData("../../etc/passwd", "etc passwd.pdf")]
    [InlineData("\"quoted\"\r\nheader", "quoted header.pdf")]
    [InlineData("", "resume.pdf")]
    [InlineData("Müller (2025)", "Müller (2025).pdf")]
    public void Attachment_names_are_safe(string title, string expected) =>
        Assert.Equal(expected, ExportFiles.FileName(title));
}
