using System.Diagnostics;
using System.Net;
using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.AppHost.Tests;

/// <summary>What the dashboard's trace view shows, read from the same OTLP stream the services send it.</summary>
[Collection(AppHostCollection.Name)]
public sealed class ExportTraceTests(AppHostFixture fixture)
{
    [Fact]
    public async Task One_pdf_export_is_one_trace_across_gateway_orchestrator_and_renderer()
    {
        using var client = new GatewayClient(fixture.Topology.GatewayUrl);
        await client.RegisterAsync();
        var created = await client.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "Traced",
                data = new { profile = new { name = "Ada Lovelace" } },
            },
            HttpStatusCode.Created
        );
        var templateId = (await client.SendJsonAsync(HttpMethod.Get, "/api/v1/templates", null, HttpStatusCode.OK))
            .AsArray()
            .Select(t => t!["id"]!.GetValue<string>())
            .First();

        // The client starts the trace: every span of this export must carry its id.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var accepted = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/export/pdf",
            new { documentId = created["id"]!.GetValue<Guid>(), templateId, pageSize = "A4" }, HttpStatusCode.Accepted,
            r => r.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));
        var jobId = accepted["jobId"]!.GetValue<Guid>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (
            (await client.SendJsonAsync(HttpMethod.Get, $"/api/v1/export/job/{jobId}", null, HttpStatusCode.OK))[
                "status"
            ]!.GetValue<string>() != "completed"
        )
        {
            Assert.True(DateTime.UtcNow < deadline, "the export did not complete");
            await Task.Delay(250);
        }

        string[] services = ["gateway", "export-orchestrator", "pdf-renderer"];
        while (services.Except(ServicesIn(traceId)).Any() && DateTime.UtcNow < deadline + TimeSpan.FromSeconds(30))
            await Task.Delay(250);
        var spans = fixture.Otlp.Spans.Where(s => s.TraceId == traceId).ToList();
        Assert.All(services, service => Assert.Contains(spans, s => s.Service == service));
        // The renderer's own spans (its queue wait and the print itself) sit in the same trace.
        Assert.Contains(spans, s => s.Service == "pdf-renderer" && s.Name == "pdf print");
        // The renderer's result comes back to the orchestrator within the same trace.
        Assert.True(spans.Count(s => s.Service == "export-orchestrator") >= 2,
            string.Join('\n', spans.Select(s => $"{s.Service}: {s.Name}")));
    }

    private IEnumerable<string> ServicesIn(string traceId) =>
        fixture.Otlp.Spans.Where(s => s.TraceId == traceId).Select(s => s.Service).Distinct();
}
