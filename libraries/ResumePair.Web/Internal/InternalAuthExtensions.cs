using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.Web.Internal;

public static class InternalAuthExtensions
{
    /// <summary>Options, verifier and signer, for a service with internal routes or clients of other services'
    /// ones.</summary>
    public static IServiceCollection AddInternalAuth(this IServiceCollection services)
    {
        services.AddOptions<InternalAuthOptions>().BindConfiguration(InternalAuthOptions.Section);
        services.TryAddSingleton<InternalAuthFilter>();
        services.TryAddTransient<InternalSigningHandler>();
        services.AddServerTexts<WebTexts>();
        return services;
    }

    /// <summary>Only signed service-to-service requests reach this route (401 otherwise); no user token is
    /// involved.</summary>
    public static TBuilder RequireInternalAuth<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, InternalAuthFilter>().AllowAnonymous();

    /// <summary>Signs this client's requests for internal routes of other services.</summary>
    public static IHttpClientBuilder AddInternalSigning(this IHttpClientBuilder builder)
    {
        builder.Services.AddInternalAuth();
        return builder.AddHttpMessageHandler<InternalSigningHandler>();
    }
}
