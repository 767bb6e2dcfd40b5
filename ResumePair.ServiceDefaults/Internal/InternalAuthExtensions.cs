using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ResumePair.ServiceDefaults.Internal;

public static class InternalAuthExtensions
{
    /// <summary>Options, verifier and signer; called by AddServiceDefaults, so every service has them.</summary>
    public static IServiceCollection AddInternalAuth(this IServiceCollection services)
    {
        services.AddOptions<InternalAuthOptions>().BindConfiguration(InternalAuthOptions.Section);
        services.TryAddSingleton<InternalAuthFilter>();
        services.TryAddTransient<InternalSigningHandler>();
        return services;
    }

    /// <summary>Only signed service-to-service requests reach this route (401 otherwise); no user token is involved.</summary>
    public static TBuilder RequireInternalAuth<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, InternalAuthFilter>().AllowAnonymous();

    /// <summary>Signs this client's requests for internal routes of other services.</summary>
    public static IHttpClientBuilder AddInternalSigning(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler<InternalSigningHandler>();
}
