using System.Collections;
using Microsoft.Playwright;
using ResumePair.Testing;
using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// The real topology (AppHost launcher, Postgres, RabbitMQ, every service) plus Debian's headless Chromium driven by
/// Playwright. The web app must have been built into the gateway's wwwroot first (scripts/build-web.sh).
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public RunningTopology Topology { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private string _browserHome = "";

    public Uri GatewayUrl => Topology.GatewayUrl;

    /// <summary>Where the ops page's trace links point (no dashboard answers there in these tests).</summary>
    public string DashboardUrl => "http://127.0.0.1:18888";

    /// <summary>Registering with this address gives role=admin (Accounts:AdminEmails of the documents
    /// service).</summary>
    public string AdminEmail { get; } = $"ops-{Guid.NewGuid():N}@example.com";

    /// <summary>
    /// Configuration of the services for these tests: an admin address, and a job type that dead-letters at once
    /// (export_json jobs time out immediately and get two attempts, retried after 0.1–1 s), so the dashboard's
    /// dead-letter list has something to retry within seconds. PDF exports keep their normal timeout.
    /// </summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment => new Dictionary<string, string>
    {
        // The tests' topology runs without a dashboard; this is the address the AppHost passes when it runs one.
        ["Dashboard__Url"] = DashboardUrl,
        ["Accounts__AdminEmails__0"] = AdminEmail,
        ["Export__MaxAttempts"] = "2",
        ["Export__RetryBaseDelay"] = "00:00:00.100",
        ["Export__RetryMaxDelay"] = "00:00:01",
        ["Export__Types__export_json__Timeout"] = "00:00:00",
    };

    /// <summary>Console errors not explained by what a test did on purpose (offline, cut connections,
    /// conflicts).</summary>
    public IReadOnlyList<string> UnexpectedConsoleErrors(
        BrowserSession session,
        bool networkFailuresExpected = false
    ) =>
        session
            .ConsoleErrors.Where(e =>
                !(
                    networkFailuresExpected
                    && (
                        e.Contains("net::ERR_", StringComparison.Ordinal)
                        || e.Contains("status of 409", StringComparison.Ordinal)
                    )
                )
            )
            .ToList();

    public async Task InitializeAsync()
    {
        var root = RepositoryPaths.Root
            ?? throw new DirectoryNotFoundException("ResumePair.sln not found above " + AppContext.BaseDirectory);
        var index = Path.Combine(root, "gateway", "ResumePair.Gateway", "wwwroot", "index.html");
        if (!File.Exists(index))
            throw new InvalidOperationException(
                $"The web app is not built ({index} is missing). Run scripts/build-web.sh before these tests."
            );

        Directory.CreateDirectory(ScreenshotDirectory);
        _browserHome = Path.Combine(RepositoryPaths.TestDataRoot, "chromium-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_browserHome);

        Topology = await RunningTopology.StartAsync(renderers: 1, environment: ServiceEnvironment);
        try
        {
            Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
            var env = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
            env["XDG_CONFIG_HOME"] = Path.Combine(_browserHome, "config");
            env["XDG_CACHE_HOME"] = Path.Combine(_browserHome, "cache");
            Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Env = env!,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                ],
            });
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        if (Topology is not null) await Topology.DisposeAsync();
        try { if (_browserHome.Length > 0) Directory.Delete(_browserHome, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// A fresh browser context (its own storage and IndexedDB) with a page whose console errors are collected.
    /// <paramref name="locale"/> is the browser's language (navigator.languages, Accept-Language); Chromium's own
    /// (en-US) when null.
    /// </summary>
    public async Task<BrowserSession> NewSessionAsync(string? locale = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = GatewayUrl.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            AcceptDownloads = true,
            Locale = locale,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(context, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") session.ConsoleErrors.Add(message.Text);
        };
        page.PageError += (_, error) => session.ConsoleErrors.Add("page error: " + error);
        // Chromium's "Failed to load resource" console lines don't name the URL: keep the failed responses beside them.
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                session.FailedResponses.Add($"{response.Status} {response.Request.Method} {response.Url}");
        };
        return session;
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(
            new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true }
        );
}

public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;
    public IPage Page { get; } = page;
    public List<string> ConsoleErrors { get; } = [];
    public List<string> FailedResponses { get; } = [];

    public string Diagnostics =>
        "Console errors:\n"
        + string.Join('\n', ConsoleErrors)
        + "\nFailed responses:\n"
        + string.Join('\n', FailedResponses);

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "webapp";
}
