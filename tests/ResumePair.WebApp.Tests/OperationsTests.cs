using System.Net;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class OperationsTests(WebAppFixture fixture)
{
    [Fact]
    public async Task The_dashboard_shows_live_figures_and_health_and_retries_a_dead_lettered_job()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        var docId = await SignUpWithNewResumeAsync(
            page,
            "Margaret Hamilton",
            fillName: false,
            email: fixture.AdminEmail
        );

        // A job that dead-letters: export_json times out at once in this topology (Export:Types:export_json:Timeout=0,
        // 2 attempts).
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var accepted = await api.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/export/json",
            new { documentId = docId },
            HttpStatusCode.Accepted
        );
        var jobId = accepted["jobId"]!.GetValue<string>();

        await page.GetByRole(AriaRole.Link, new() { Name = "Operations" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Operations" }).WaitForAsync();
        var figures = page.GetByRole(AriaRole.List, new() { Name = "Live figures" });
        await Assertions.Expect(figures).ToContainTextAsync("Queue depth");
        await Assertions.Expect(figures).ToContainTextAsync("Success rate");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Queue depth (peak" })).ToBeVisibleAsync();
        var services = page.GetByRole(AriaRole.List, new() { Name = "Services" });
        foreach (var name in new[] { "documents", "export-orchestrator", "pdf-renderer", "ai-proxy" })
            await Assertions.Expect(services).ToContainTextAsync(name);

        // The engine first (its own view of the job), then the dashboard: a failure says which of the two fell short.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var view = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/export/job/{jobId}", null, HttpStatusCode.OK);
        while (view["status"]!.GetValue<string>() != "dead_letter" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            view = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/export/job/{jobId}", null, HttpStatusCode.OK);
        }
        Assert.True(view["status"]!.GetValue<string>() == "dead_letter", view.ToJsonString());

        var deadTable = page.GetByRole(AriaRole.Table, new() { Name = "Dead-lettered jobs" });
        var deadRow = deadTable.Locator($"[data-job-id='{jobId}']");
        await Assertions.Expect(deadRow).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions
            .Expect(page.GetByRole(AriaRole.List, new() { Name = "Alerts" }))
            .ToContainTextAsync("dead-letter list");
        // Each job links to the trace of the request that created it, in the Aspire dashboard.
        var trace = deadRow.GetByRole(AriaRole.Link, new() { Name = $"Trace of job {jobId[..8]}" });
        await Assertions.Expect(trace).ToHaveAttributeAsync("href",
            new System.Text.RegularExpressions.Regex($"^{fixture.DashboardUrl}/traces/detail/[0-9a-f]{{32}}$"));
        var traceUrl = await trace.GetAttributeAsync("href");
        await fixture.ScreenshotAsync(page, "13-operations-dead-letter");

        await deadRow.GetByRole(AriaRole.Button, new() { Name = "Retry job" }).ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "retry requested" }))
            .ToBeVisibleAsync();

        // The job page: the admin's retry in the log and the timeline, a third attempt, the payload viewer.
        await page.GotoAsync($"/ops/jobs/{jobId}");
        await Assertions
            .Expect(page.GetByRole(AriaRole.List, new() { Name = "Log lines" }))
            .ToContainTextAsync("admin", new() { Timeout = 30_000 });
        await Assertions
            .Expect(page.Locator("[data-testid=job-attempts]"))
            .Not.ToHaveTextAsync("2 of 2", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Attempts" })).ToContainTextAsync("1");
        await Assertions
            .Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Status timeline" }))
            .ToBeVisibleAsync();
        var payload = page.GetByRole(AriaRole.Region, new() { Name = "Payload" });
        await payload.GetByText("job", new() { Exact = true }).First.ClickAsync(); // collapse…
        await payload.GetByText("job", new() { Exact = true }).First.ClickAsync(); // …and expand again
        await Assertions.Expect(payload).ToContainTextAsync("export_json");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Trace of job {jobId[..8]}" }))
            .ToHaveAttributeAsync("href", traceUrl ?? "");
        await fixture.ScreenshotAsync(page, "14-job-page");

        // A plain user gets no Operations link, and the API refuses (403) — checked without the browser.
        using var plain = new ResumePair.Testing.Topology.GatewayClient(fixture.GatewayUrl);
        await plain.RegisterAsync();
        using var refused = await plain.SendAsync(HttpMethod.Get, "/api/v1/jobs/stats");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }
}
