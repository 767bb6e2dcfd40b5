using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class HousekeepingTests(DocumentsServiceFixture service)
{
    [Fact]
    public async Task Removes_expired_idempotency_keys_and_documents_past_the_trash_retention_only()
    {
        var tokens = await service.RegisterAsync();
        var userId = Guid.Parse(tokens.GetProperty("user").GetProperty("id").GetString()!);
        using var client = service.CreateClient(tokens.GetProperty("accessToken").GetString());
        async Task<Guid> CreateAsync()
        {
            var response = await client.PostAsJsonAsync(
                "/api/v1/documents",
                new
                {
                    type = "resume",
                    title = "CV",
                    data = new { profile = new { name = "A" } },
                }
            );
            return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }
        var old = await CreateAsync();
        var recent = await CreateAsync();

        await using (var conn = await service.Database.OpenConnectionAsync())
        {
            await conn.ExecuteAsync(
                "UPDATE documents SET deleted_at = now() - interval '31 days' WHERE id = @old",
                new { old }
            );
            await conn.ExecuteAsync(
                "UPDATE documents SET deleted_at = now() - interval '29 days' WHERE id = @recent",
                new { recent }
            );
            await conn.ExecuteAsync("""
                INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, created_at) VALUES
                    (@userId, 'expired', '\x00', 201, now() - interval '25 hours'),
                    (@userId, 'fresh', '\x00', 201, now() - interval '23 hours')
                """, new { userId });
        }

        await service.Factory.Services.GetRequiredService<Housekeeping>().RunOnceAsync(CancellationToken.None);
        await service
            .Factory.Services.GetRequiredService<ResumePair.Web.Idempotency.IdempotencyStore>()
            .CleanupAsync(CancellationToken.None);

        await using var check = await service.Database.OpenConnectionAsync();
        Assert.Equal(
            [recent],
            await check.QueryAsync<Guid>("SELECT id FROM documents WHERE user_id = @userId", new { userId })
        );
        Assert.Equal(
            ["fresh"],
            await check.QueryAsync<string>("SELECT key FROM idempotency_keys WHERE user_id = @userId", new { userId })
        );
    }
}
