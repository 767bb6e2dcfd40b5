using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ResumePair.EndToEndTests.Topology;
using ResumePair.Testing;
using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.EndToEndTests;

/// <summary>
/// Resume import end to end through the gateway: upload a PDF → import_resume job on the orchestrator → pdftotext →
/// ai-proxy's signed internal extract (offline provider, the user's quota) → documents' signed internal create → a
/// new resume the user reads with their own token. Internal routes are not reachable through the gateway.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class ImportFlowTests(TopologyFixture fixture)
{
    private static byte[] FixturePdf() =>
        File.ReadAllBytes(
            Path.Combine(
                RepositoryPaths.Root!,
                "tests",
                "ResumePair.ExportOrchestrator.Tests",
                "Imports",
                "Fixtures",
                "resume.pdf"
            )
        );

    [Fact]
    public async Task An_uploaded_pdf_becomes_a_resume_the_user_can_open()
    {
        using var client = fixture.CreateClient();
        await client.RegisterAsync();

        var accepted = await client.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/imports",
            null,
            HttpStatusCode.Accepted,
            request =>
            {
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(FixturePdf());
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, "file", "jane-doe.pdf");
                request.Content = form;
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            }
        );
        var jobId = accepted["jobId"]!.GetValue<Guid>();

        JsonNode job;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        do
        {
            await Task.Delay(250);
            job = await client.SendJsonAsync(HttpMethod.Get, $"/api/v1/export/job/{jobId}", null, HttpStatusCode.OK);
        } while (job["status"]!.GetValue<string>() is "pending" or "processing" && DateTime.UtcNow < deadline);

        Assert.True(job["status"]!.GetValue<string>() == "completed", job.ToJsonString());
        var documentId = job["result"]!["documentId"]!.GetValue<Guid>();
        var document = await client.SendJsonAsync(
            HttpMethod.Get,
            $"/api/v1/documents/{documentId}",
            null,
            HttpStatusCode.OK
        );
        Assert.Equal("resume", document["type"]!.GetValue<string>());
        Assert.Equal("Jane Doe", document["title"]!.GetValue<string>());
        Assert.Equal("Jane Doe", document["data"]!["profile"]!["name"]!.GetValue<string>());
        Assert.Equal("jane.doe@example.com", document["data"]!["profile"]!["email"]!.GetValue<string>());
        // The AI request was spent on this user's daily quota.
        var usage = await client.SendJsonAsync(HttpMethod.Get, "/api/v1/ai/usage", null, HttpStatusCode.OK);
        Assert.Equal(1, usage["usedToday"]!.GetValue<int>());
    }

    [Fact]
    public async Task Internal_routes_are_not_reachable_through_the_gateway()
    {
        using var client = fixture.CreateClient();
        await client.RegisterAsync();

        using var extract = await client.SendAsync(
            HttpMethod.Post,
            "/internal/v1/extract",
            new { userId = Guid.NewGuid(), text = "Jane Doe" }
        );
        using var create = await client.SendAsync(
            HttpMethod.Put,
            $"/internal/v1/users/{Guid.NewGuid()}/documents/{Guid.NewGuid()}",
            new
            {
                type = "resume",
                title = "x",
                data = new { profile = new { name = "x" } },
            }
        );

        // No gateway route matches: the request never reaches a service.
        Assert.Equal(HttpStatusCode.NotFound, extract.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
    }
}
