using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResumePair.Testing.Telemetry;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

/// <summary>
/// The service defaults export traces, logs and metrics over OTLP (http/protobuf, as the Aspire dashboard takes them)
/// to a real HTTP receiver, with semantic-convention attribute names and one trace across an HTTP hop.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Traces_logs_and_metrics_reach_an_otlp_receiver_under_the_service_name()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["OTEL_SERVICE_NAME"] = "telemetry-probe";
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url;
        builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        // Exported every 200 ms, not only by the flush at disposal: that flush is bounded and, with the other tests
        // running beside this one, once sent no traces in time.
        builder.Configuration["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        builder.Configuration["OTEL_BLRP_SCHEDULE_DELAY"] = "200";
        builder.Configuration["OTEL_METRIC_EXPORT_INTERVAL"] = "200";
        builder.AddServiceDefaults();
        builder.Services.AddHttpClient();
        string traceIdSeen = "";
        await using (var app = builder.Build())
        {
            app.MapDefaultEndpoints();
            // One hop through an HttpClient from the factory: the client span and the server span share the trace.
            app.MapGet(
                "/outer",
                async (IHttpClientFactory clients, HttpContext context, ILogger<TelemetryTests> logger) =>
                {
                    logger.LogInformation("outer handled for probe {Probe}", "otlp-check");
                    var self = $"{context.Request.Scheme}://{context.Request.Host}";
                    return await clients.CreateClient().GetStringAsync(self + "/inner");
                }
            );
            app.MapGet("/inner", () => System.Diagnostics.Activity.Current!.TraceId.ToHexString());
            await app.StartAsync();
            var url = app
                .Services.GetRequiredService<IServer>()
                .Features.Get<IServerAddressesFeature>()!
                .Addresses.Single();
            // The test's own client must not replace the traceparent it sends (the service's listeners are in-process).
            using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null });
            var outerTrace = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
            using var request = new HttpRequestMessage(HttpMethod.Get, url + "/outer");
            request.Headers.Add(
                "traceparent",
                $"00-{outerTrace}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01"
            );
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            traceIdSeen = await response.Content.ReadAsStringAsync();
            Assert.Equal(outerTrace, traceIdSeen);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!receiver.Text("traces").Contains("/inner", StringComparison.Ordinal)
                || !receiver.Text("logs").Contains("outer handled for probe", StringComparison.Ordinal)
                || !receiver.Text("metrics").Contains("http.client.request.duration", StringComparison.Ordinal)
                || !receiver.Text("metrics").Contains("http.server.request.duration", StringComparison.Ordinal))
                await Task.Delay(TimeSpan.FromMilliseconds(100), wait.Token);
            await app.StopAsync();
        }

        var traces = receiver.Text("traces");
        Assert.Contains("telemetry-probe", traces);
        Assert.Contains("http.request.method", traces);
        Assert.Contains("http.response.status_code", traces);
        Assert.Contains("url.path", traces);
        Assert.Contains("/inner", traces);
        // OTLP carries trace ids as 16 raw bytes.
        Assert.Contains(Encoding.Latin1.GetString(Convert.FromHexString(traceIdSeen)), Encoding.Latin1.GetString(
            receiver.Received.Where(r => r.Signal == "traces").SelectMany(r => r.Body).ToArray()));
        Assert.Contains("outer handled for probe", receiver.Text("logs"));
        Assert.Contains("http.server.request.duration", receiver.Text("metrics"));
        // Services keep their client instruments (only the gateway drops them: GatewayMetrics).
        Assert.Contains("http.client.request.duration", receiver.Text("metrics"));
    }

    [Fact]
    public async Task A_service_whose_collector_is_gone_still_stops_within_seconds()
    {
        // The AppHost's settings: OTLP with in-memory retry, whose 10 s export timeout once held every service's stop.
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["OTEL_SERVICE_NAME"] = "collector-gone";
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}";
        builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        builder.Configuration["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapGet("/work", (ILogger<TelemetryTests> logger) =>
        {
            logger.LogInformation("a line the collector will never get");
            return "done";
        });
        await app.StartAsync();
        var url = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        using var http = new HttpClient();
        Assert.Equal("done", await http.GetStringAsync(url + "/work"));

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await app.StopAsync();
        await app.DisposeAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stop took {stopping.Elapsed.TotalSeconds:0.0} s");
    }
}
