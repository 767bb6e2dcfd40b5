using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using ResumePair.Testing.Telemetry;
using Xunit;

namespace ResumePair.Gateway.Tests;

/// <summary>
/// What the gateway reports per forwarded request: its own server duration, the trace context it hands the service,
/// and none of the per-request instruments that repeat what the service reports (bench/README.md: their cost).
/// </summary>
public sealed class GatewayTelemetryTests : IAsyncLifetime
{
    private WebApplication _service = null!;

    public async Task InitializeAsync()
    {
        // A real service on a real port: it answers with the trace context it was sent.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _service = builder.Build();
        _service.Map("/{**rest}", (HttpRequest r) =>
            Results.Json(new { traceparent = r.Headers["traceparent"].ToString() }));
        await _service.StartAsync();
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Forwarded_requests_export_the_gateways_server_duration_and_no_client_or_pipeline_metrics()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(w =>
        {
            foreach (var service in new[] { "documents", "export-orchestrator", "ai-proxy", "pdf-renderer" })
                w.UseSetting($"services:{service}:http:0", _service.Urls.Single());
            w.ConfigureServices(services => services.ConfigureOpenTelemetryMeterProvider(metrics =>
                metrics.AddOtlpExporter((o, reader) =>
                {
                    o.Endpoint = new Uri(receiver.Url + "/v1/metrics");
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 200;
                })));
        });
        await using (gateway)
        {
            var client = gateway.CreateClient();
            for (var i = 0; i < 3; i++)
            {
                using var login = await client.PostAsync("/api/v1/auth/login", new StringContent("{}"));
                Assert.Equal(HttpStatusCode.OK, login.StatusCode);
                // The service's span is a child of the gateway's request span: same trace, that span as parent.
                var sent = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement
                    .GetProperty("traceparent").GetString()!.Split('-');
                var answered = login.Headers.GetValues("traceparent").Single().Split('-');
                Assert.Equal(answered[1], sent[1]);
                Assert.Equal(answered[2], sent[2]);
            }
            using var refused = await client.GetAsync("/api/v1/documents");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            // Exported every 200 ms, not only by the flush at disposal: that flush is bounded and, with the other
            // tests running beside this one, once sent nothing in time.
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!receiver.Text("metrics").Contains("http.server.request.duration", StringComparison.Ordinal))
                await Task.Delay(TimeSpan.FromMilliseconds(100), wait.Token);
        }

        var metrics = receiver.Text("metrics");
        Assert.Contains("http.server.request.duration", metrics);
        Assert.Contains("http.server.active_requests", metrics);
        Assert.DoesNotContain("http.client.", metrics);
        Assert.DoesNotContain("aspnetcore.routing.", metrics);
        Assert.DoesNotContain("aspnetcore.authentication.", metrics);
        Assert.DoesNotContain("aspnetcore.authorization.", metrics);
    }
}
