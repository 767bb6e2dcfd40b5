using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ResumePair.AppHost;

/// <summary>
/// Operator actions as Aspire resource commands: buttons on the resource in the dashboard, each calling the service's
/// signed /internal/v1/operator route and showing its answer.
/// </summary>
internal static class OperatorCommands
{
    public static IResourceBuilder<ProjectResource> WithExportCommands(
        this IResourceBuilder<ProjectResource> orchestrator, ProductSettings settings) =>
        orchestrator
            .WithOperatorCommand("retry-dead-lettered", "Retry dead-lettered exports",
                "/internal/v1/operator/retry-dead-lettered",
                "Every dead-lettered job gets one more attempt.", "ArrowClockwise", settings)
            .WithOperatorCommand("run-maintenance", "Run maintenance now", "/internal/v1/operator/maintenance",
                "Expired files, old jobs and logs, old inbox ids: the periodic pass, now.", "Broom", settings);

    public static IResourceBuilder<ProjectResource> WithRendererCommands(
        this IResourceBuilder<ProjectResource> renderer, ProductSettings settings) =>
        renderer.WithOperatorCommand("recycle-browser", "Recycle browser", "/internal/v1/operator/recycle-browser",
            "A fresh Chromium for this replica: renders in flight finish, new ones wait about half a second.",
            "ArrowSync", settings);

    private static IResourceBuilder<ProjectResource> WithOperatorCommand(this IResourceBuilder<ProjectResource> service,
        string name, string displayName, string path, string description, string icon, ProductSettings settings) =>
        service.WithCommand(name, displayName, async context =>
        {
            var ct = context.CancellationToken;
            var key = await settings.InternalKey.Resource.GetValueAsync(ct) ?? "";
            using var http = new HttpClient
            {
                BaseAddress = InstanceUrl(context, service.Resource),
                Timeout = TimeSpan.FromMinutes(2),
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            Sign(request, key);
            try
            {
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                return response.IsSuccessStatusCode
                    ? CommandResults.Success($"{displayName}: {body}")
                    : CommandResults.Failure($"{displayName}: {(int)response.StatusCode} {body}");
            }
            catch (HttpRequestException e)
            {
                return CommandResults.Failure($"{displayName}: {e.Message}");
            }
        }, new CommandOptions
        {
            Description = description,
            IconName = icon,
            UpdateState = context => context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });

    /// <summary>
    /// The replica the command was given for (the dashboard runs it per replica): its own ASPNETCORE_URLS, not DCP's
    /// proxy, which would hand the call to any replica.
    /// </summary>
    private static Uri InstanceUrl(ExecuteCommandContext context, ProjectResource service)
    {
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        var own = notifications.TryGetCurrentState(context.ResourceName, out var state)
            ? state.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value?.Split(';')[0]
            : null;
        return new Uri(own ?? service.GetEndpoint("http").Url);
    }

    /// <summary>
    /// The service-to-service signature (libraries/ResumePair.Web/Internal/InternalSignature): HMAC-SHA256 of method,
    /// path and query, Unix time and the body's SHA-256 (empty here). The AppHost does not reference ServiceDefaults.
    /// </summary>
    private static void Sign(HttpRequestMessage request, string key)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var canonical = $"{request.Method.Method}\n{request.RequestUri!.OriginalString}\n{timestamp}\n" +
                        Convert.ToHexStringLower(SHA256.HashData([]));
        var signature = Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(canonical)));
        request.Headers.Add("X-Internal-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Internal-Signature", signature);
    }
}
