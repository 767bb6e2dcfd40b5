using MassTransit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>
/// One renderer service (Program.cs, in process) on a real RabbitMQ, uploading to <paramref name="uploadBaseUrl"/> (the
/// real orchestrator, or a link to it) under the discovery name <c>export-orchestrator</c>. Several can run side by
/// side as replicas.
/// </summary>
public static class RendererReplica
{
    public static WebApplicationFactory<Program> Create(
        Uri amqp,
        string uploadBaseUrl,
        string dataDirectory,
        string instanceId,
        CapturedLogs logs,
        TestTokens? tokens = null,
        params (string Key, string Value)[] settings
    )
    {
        var app = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:messaging", amqp.ToString());
            web.UseSetting("services:export-orchestrator:http:0", uploadBaseUrl);
            web.UseSetting("Renderer:PoolSize", "2");
            web.UseSetting("Renderer:HeartbeatInterval", "00:00:00.2");
            web.UseSetting("Renderer:DataDirectory", dataDirectory);
            web.UseSetting("OTEL_SERVICE_INSTANCE_ID", instanceId);
            foreach (var (key, value) in settings)
                web.UseSetting(key, value);
            web.ConfigureLogging(logging => logging.AddProvider(logs));
            web.ConfigureTestServices(services =>
            {
                if (tokens is not null)
                    services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    {
                        o.MetadataAddress = null!;
                        o.TokenValidationParameters.IssuerSigningKey = tokens.Key;
                    });
                // Publishing before the renderer's queues are bound would drop the message: start the bus first.
                services.Configure<MassTransitHostOptions>(o =>
                {
                    o.WaitUntilStarted = true;
                    o.StartTimeout = TimeSpan.FromSeconds(60);
                });
            });
        });
        _ = app.Server; // builds and starts the host
        return app;
    }
}
