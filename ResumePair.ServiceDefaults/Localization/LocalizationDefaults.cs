using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResumePair.ServiceDefaults.OpenApi;

namespace ResumePair.ServiceDefaults.Localization;

/// <summary>
/// The languages services answer in: English (the default, and what an unknown or malformed Accept-Language gets) and
/// German. Every service answers problems, so every service gets this; the texts themselves are catalogs each feature
/// registers (<see cref="ServerTextsExtensions.AddServerTexts{TResource}"/>).
/// </summary>
public static class LocalizationDefaults
{
    public static readonly IReadOnlyList<string> Languages = ["en", "de"];

    public static IHostApplicationBuilder AddDefaultLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization(); // IStringLocalizer<T> for features that word their texts by key
        builder.Services.AddServerTexts<CommonTexts>();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(name => CultureInfo.GetCultureInfo(name)).ToList();
            o.DefaultRequestCulture = new RequestCulture(cultures[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true; // de-AT, de-CH → de
            o.FallBackToParentUICultures = true;
            // The language comes from the request alone (the web app sends the account's language on every call,
            // its event streams included, as they are fetched): no cookie or query a cached or shared link could carry.
            o.RequestCultureProviders =
                [new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 }];
            // Not on every response (the gateway's proxied answers and static files carry their own): Content-Language
            // is set where texts are written, on problems and on routes that declare WithContentLanguage.
        });
        return builder;
    }
}

/// <summary>Content-Language: the language the answer's texts are in.</summary>
public static class ContentLanguage
{
    public static void Set(HttpContext http)
    {
        if (!http.Response.HasStarted) http.Response.Headers.ContentLanguage = CultureInfo.CurrentUICulture.Name;
    }

    /// <summary>The route's successful answers carry texts for people: it says which language they are in.</summary>
    public static TBuilder WithContentLanguage<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            Set(context.HttpContext);
            return await next(context);
        }).WithResponseHeader("Content-Language", LanguageHeaders.ContentLanguage);
}

/// <summary>Texts of ServiceDefaults itself (exception problems) and titles every service shares.</summary>
public sealed class CommonTexts;
