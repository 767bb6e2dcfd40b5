using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.Contracts.Exports;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>
/// Stopping a replica (deploy, scale-in) while it prints: the render in flight finishes and its PDF is delivered before
/// the host exits, and no Chromium outlives it. Own replica on its own virtual host, so the collection's replica
/// cannot take the job.
/// </summary>
[Collection("renderer-service")]
public sealed class GracefulShutdownTests(RendererServiceFixture service, ITestOutputHelper output)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(20); // RendererOptions.ShutdownGrace default

    [Fact]
    public async Task Stopping_the_host_mid_render_delivers_the_pdf_within_the_grace_then_leaves_no_chromium()
    {
        var amqp = new Uri(await service.Infrastructure.CreateVirtualHostAsync("shutdown"));
        await using var orchestrator = await BusStandIn.ForOrchestratorAsync(amqp);
        var logs = new CapturedLogs();
        var replica = RendererReplica.Create(
            amqp,
            service.Exports.Orchestrator.Url,
            Path.Combine(service.DataDirectory, "shutdown"),
            "pdf-renderer-stopping",
            logs
        );
        var chromium = replica.Services.GetRequiredService<ChromiumBrowser>();
        var profile = chromium.ProfileDirectory;
        var stopped = false;
        try
        {
            // a few seconds of printing
            var job = Jobs.Render(await service.Exports.CreateAsync(), "modern-sidebar", extraJobs: 60);
            await orchestrator.Publisher.Publish(job);
            await orchestrator.WaitForAsync<RenderProgressed>(p => p.JobId == job.JobId && p.Percentage == 10);
            var browser = await ProcessTree.BrowserOfAsync(profile);
            Assert.NotEmpty(ProcessTree.OurChromium(browser, profile));
            Assert.DoesNotContain(logs.Entries, l =>
                l.Message.StartsWith($"Rendered job {job.JobId}", StringComparison.Ordinal)
            ); // still printing

            var sw = Stopwatch.StartNew();
            // host stop: the bus drains (ConsumerStopTimeout = grace), then Chromium closes
            await replica.DisposeAsync();
            stopped = true;
            var stopTook = sw.Elapsed;

            // Delivered before the host finished stopping: the upload is already there, the result follows on the bus.
            Assert.True(
                await service.Exports.StoredFileAsync(job) is not null,
                "the in-flight render's PDF was not uploaded before the host stopped"
            );
            var rendered = await orchestrator.WaitForAsync<PdfRendered>(
                m => m.JobId == job.JobId,
                TimeSpan.FromSeconds(10)
            );
            Assert.True(rendered.Pages > 1);
            Assert.DoesNotContain(orchestrator.Received.OfType<PdfRenderFailed>(), f => f.JobId == job.JobId);
            Assert.True(stopTook < Grace + TimeSpan.FromSeconds(10), $"stop took {stopTook}");

            var left = await ProcessTree.WaitUntilNoChromiumAsync(browser, profile, TimeSpan.FromSeconds(10));
            output.WriteLine(
                $"render of {rendered.Pages} pages took {rendered.RenderMilliseconds} ms; "
                    + $"host stopped {stopTook.TotalMilliseconds:0} ms after the stop began; Chromium left: "
                    + $"{left.Count}"
            );
            Assert.Empty(left);
            Assert.False(Directory.Exists(profile));
        }
        finally
        {
            if (!stopped) await replica.DisposeAsync();
        }
    }
}
