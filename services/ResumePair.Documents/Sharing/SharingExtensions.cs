using Microsoft.AspNetCore.Identity;
using ResumePair.ServiceDefaults.Http;
using ResumePair.Web.Internal;
using ResumePair.Web.RateLimiting;

namespace ResumePair.Documents.Sharing;

public static class SharingExtensions
{
    /// <summary>Public links: the share table, the unlock cookies, and the renderer and export engine behind the
    /// pages.</summary>
    public static IHostApplicationBuilder AddSharing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShareOptions>().BindConfiguration(ShareOptions.Section);
        builder.Services.AddSingleton<ShareStore>();
        builder.Services.AddSingleton<ShareUnlocks>();
        builder.Services.AddSingleton<Visitors>();
        builder.Services.AddSingleton<IPasswordHasher<ShareRow>, PasswordHasher<ShareRow>>();
        builder.AddUserRateLimits(
            (SharePolicies.View, 60, TimeSpan.FromMinutes(1)),
            (SharePolicies.Password, 10, TimeSpan.FromMinutes(5))
        );
        builder.Services.AddHttpClient<ShareHtmlClient>(c => c.BaseAddress = new Uri("http://pdf-renderer"))
            .AddServiceResilience(TimeSpan.FromSeconds(10)).AddInternalSigning();
        // The engine may wait for a render (ShareOptions.PdfWait) before answering: no retries around that.
        var wait = builder.Configuration.GetValue(
            $"{ShareOptions.Section}:{nameof(ShareOptions.PdfWait)}",
            TimeSpan.FromSeconds(60)
        );
        builder.Services.AddHttpClient<SharePdfClient>(c => c.BaseAddress = new Uri("http://export-orchestrator"))
            .AddServiceResilience(wait + TimeSpan.FromSeconds(15), retryTransient: false).AddInternalSigning();
        return builder;
    }
}
