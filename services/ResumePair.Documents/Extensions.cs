using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ResumePair.Documents.Accounts;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Http;
using ResumePair.Documents.Localization;
using ResumePair.Documents.Mail;
using ResumePair.Documents.Photos;
using ResumePair.Documents.Scoring;
using ResumePair.Documents.Sharing;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Http;
using ResumePair.ServiceDefaults.Localization;
using ResumePair.Contracts.Documents.Validation;
using ResumePair.Messaging;
using ResumePair.Messaging.Outbox;
using ResumePair.Web.Idempotency;
using ResumePair.Web.Internal;
using ResumePair.Web.RateLimiting;

namespace ResumePair.Documents;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("documentsdb");
        // Signed service-to-service calls: this service's /internal routes and its clients of other services'.
        builder.Services.AddInternalAuth();
        // Integration events go out through the transactional outbox (written in each change's transaction).
        builder.AddMessaging();
        builder.AddOutbox();

        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section);
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddHostedService<SigningKeyRotation>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<ClientAddress>();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<IPasswordHasher<UserRow>, PasswordHasher<UserRow>>();
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<RefreshTokenService>();
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<SessionRevocations>();
        builder.Services.AddSingleton<AccountTokenStore>();
        builder.Services.AddSingleton<AccountMails>();
        builder.Services.AddSingleton<AccountService>();
        builder.Services.AddSingleton<RefreshCookie>();
        builder.Services.AddSingleton<AccountThrottle>();
        builder.AddUserRateLimits(AccountThrottle.Policies);
        // The account page: preferences, password/email changes and deletion (each re-authenticates), the data archive.
        builder.Services.AddSingleton<PreferenceStore>();
        builder.Services.AddSingleton<AccountChanges>();
        builder.Services.AddTransient<DataArchive>(); // holds a typed HttpClient: not a singleton
        // The archive's exports/ come from the export orchestrator (signed internal route; a file is a few MB at most).
        builder.Services.AddHttpClient<ExportFilesClient>(c => c.BaseAddress = new Uri("http://export-orchestrator"))
            .AddServiceResilience(TimeSpan.FromSeconds(60)).AddInternalSigning();
        builder.AddUserRateLimits((Apis.AccountApi.ReauthPolicy, 5, TimeSpan.FromMinutes(15)));
        builder.Services.AddHttpClient<AiUsageClient>(c => c.BaseAddress = new Uri("http://ai-proxy"))
            .AddServiceResilience(TimeSpan.FromSeconds(2));

        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        builder.Services.AddSingleton<MailSignal>();
        builder.Services.AddSingleton<MailOutbox>();
        if (string.IsNullOrEmpty(builder.Configuration[$"{MailOptions.Section}:SmtpHost"]))
            builder.Services.AddSingleton<IMailTransport, DevMailboxTransport>();
        else
            builder.Services.AddSingleton<IMailTransport, SmtpMailTransport>();
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MailSender>());

        builder.Services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section);
        builder.Services.AddSingleton<DocumentStore>();
        builder.Services.AddSingleton<DocumentPatchStore>();
        builder.Services.AddSingleton<VersionHistoryStore>();
        builder.Services.AddSingleton<VersionDiff>();
        // Problems and field messages in the request's language (the document rules' messages come from Contracts).
        builder.Services.AddServerTexts<DocumentsTexts>().AddServerTexts<ValidationTexts>();
        // Autosave's hints (event streams, the outbox relay) go out after the commit, at most every 50 ms: one relay
        // wake-up per save cost the relay a claim, a commit and a confirm round per save.
        builder.AddPostCommitNotifier(TimeSpan.FromMilliseconds(50));
        builder.Services.AddSingleton<DocumentTrash>();
        builder.Services.AddSingleton<DocumentEvents>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DocumentEvents>());
        builder.AddIdempotency();

        builder.Services.AddOptions<PhotoOptions>().BindConfiguration(PhotoOptions.Section);
        builder.Services.AddSingleton<PhotoStore>();
        builder.Services.AddSingleton<PhotoUrls>();
        builder.Services.AddSingleton<PhotoResizer>();
        builder.Services.AddSingleton<PhotoProcessor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PhotoProcessor>());

        builder.AddSharing();
        builder.AddScoring();

        builder.Services.AddSingleton<Housekeeping>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Housekeeping>());

        // Nothing here takes more than a document (1 MiB, checked per route); refuse bigger bodies early.
        // The photo upload raises its own limit (5 MB) for its request.
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 2 * JsonBody.MaxBytes);

        builder.AddDefaultJwtValidation();
        // This service is the issuer: it validates tokens with the keys in its own database rather than
        // fetching its own JWKS over HTTP. Runs after JwtBearer's own post-configuration, so it wins.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<SigningKeyStore, Microsoft.Extensions.Options.IOptions<JwtSettings>>((options, keys, jwt) =>
            {
                options.MetadataAddress = null!;
                options.Authority = null;
                options.ConfigurationManager = new OwnKeysConfigurationManager(keys, jwt);
            });
        return builder;
    }
}
