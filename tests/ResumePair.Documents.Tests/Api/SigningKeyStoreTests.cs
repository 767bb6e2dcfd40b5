using Dapper;
using Microsoft.Extensions.Options;
using ResumePair.Documents.Accounts;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class SigningKeyStoreTests(DocumentsServiceFixture service)
{
    [Fact]
    public async Task Replicas_starting_together_create_one_key_and_all_sign_with_it()
    {
        await using var db = await service.CreateMigratedDatabaseAsync("keys");
        var replicas = Enumerable.Range(0, 4)
            .Select(_ => new SigningKeyStore(db, TimeProvider.System, Options.Create(new AccountOptions()))).ToList();

        var keys = await Task.WhenAll(replicas.Select(r => r.GetCurrentAsync(CancellationToken.None)));

        Assert.Single(keys.Select(k => k.KeyId).Distinct());
        await using var conn = await db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM signing_keys"));
        var published = await replicas[0].GetPublishedAsync(CancellationToken.None);
        Assert.Equal(keys[0].KeyId, Assert.Single(published).KeyId);
        Assert.Equal(Microsoft.IdentityModel.Tokens.PrivateKeyStatus.DoesNotExist, published[0].PrivateKeyStatus);
        replicas.ForEach(r => r.Dispose());
    }
}
