using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Contract;

/// <summary>POST /batch with variants: several templates or page sizes of one document as one request, all or
/// nothing.</summary>
[Collection("infrastructure")]
public sealed class BatchVariantsTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Several_templates_and_sizes_are_one_batch_with_one_job_each_from_one_snapshot()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var variants = new[]
        {
            new { templateId = "ats-single-column", pageSize = "A4" },
            new { templateId = "ats-single-column", pageSize = "Letter" },
            new { templateId = "modern-sidebar", pageSize = "A4" },
        };
        var accepted = await h.Client.PostAsJsonAsync(
            "/api/v1/export/batch",
            new { documentIds = new[] { h.DocumentId }, variants }
        );
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var jobs = body.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(variants.Select(v => (v.templateId, v.pageSize)),
            jobs.Select(j => (j.GetProperty("templateId").GetString()!, j.GetProperty("pageSize").GetString()!)));
        Assert.All(jobs, j => Assert.Equal(h.DocumentId, j.GetProperty("documentId").GetGuid()));
        var batchId = body.GetProperty("batchId").GetGuid();
        Assert.Equal(
            3L,
            await h.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE batch_id = @batchId", new { batchId })
        );
        var requests = new List<(string, string, long)>();
        foreach (var job in jobs)
        {
            var request = Assert.Single(await h.RequestsInOutboxAsync(job.GetProperty("jobId").GetGuid()));
            requests.Add((request.TemplateId, request.PageSize, request.DocumentVersion));
        }
        Assert.Equal(variants.Select(v => (v.templateId, v.pageSize)), requests.Select(r => (r.Item1, r.Item2)));
        Assert.Single(requests.Select(r => r.Item3).Distinct()); // one snapshot for every variant
    }

    [Fact]
    public async Task Bad_or_too_many_variants_are_refused_at_their_field_and_create_nothing()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        async Task<JsonElement> Refused(object body)
        {
            var response = await h.Client.PostAsJsonAsync("/api/v1/export/batch", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        }

        var docs = new[] { h.DocumentId };
        var a5 = new[] { new { templateId = "t", pageSize = "A5" } };
        Assert.True(
            (await Refused(new { documentIds = docs, variants = a5 })).TryGetProperty("variants[0].pageSize", out _)
        );
        var none = Array.Empty<object>();
        Assert.True((await Refused(new { documentIds = docs, variants = none })).TryGetProperty("variants", out _));
        var twice = new { templateId = "t", pageSize = "A4" };
        var repeated = new[] { twice, twice };
        Assert.True((await Refused(new { documentIds = docs, variants = repeated })).TryGetProperty("variants", out _));
        var eleven = Enumerable.Range(0, 11).Select(i => new { templateId = $"t{i}", pageSize = "A4" });
        Assert.True((await Refused(new { documentIds = docs, variants = eleven })).TryGetProperty("variants", out _));
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));
    }
}
