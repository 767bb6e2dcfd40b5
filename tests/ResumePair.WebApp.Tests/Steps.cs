using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ResumePair.Testing.Topology;

namespace ResumePair.WebApp.Tests;

/// <summary>Steps shared by the browser tests of the second part of the web app (account, trash, exports, AI,
/// operations).</summary>
internal static partial class Steps
{
    public const string Password = "correct-Horse-battery-9";

    public static ILocator Input(IPage page, string name) =>
        page.GetByRole(AriaRole.Textbox, new() { Name = name, Exact = true });

    public static async Task<string> SignUpAsync(IPage page, string name, string? email = null)
    {
        email ??= $"web-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync("/signup");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Create your account" }).WaitForAsync();
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your documents" }).WaitForAsync();
        return email;
    }

    /// <summary>
    /// Signs up as <paramref name="name"/> and opens a new resume, with its full name filled in unless
    /// <paramref name="fillName"/> is false (then it waits for the editor). Returns the new resume's id.
    /// </summary>
    public static async Task<string> SignUpWithNewResumeAsync(
        IPage page,
        string name,
        bool fillName = true,
        string? email = null
    )
    {
        await SignUpAsync(page, name, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        var fullName = Input(page, "Full name");
        if (fillName) await fullName.FillAsync(name);
        else await fullName.WaitForAsync();
        return page.Url.Split('/').Last();
    }

    public static async Task SignInAsync(IPage page, string email, string password = Password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your documents" }).WaitForAsync();
    }

    /// <summary>The page's refresh token: an HttpOnly cookie, which only the browser (and Playwright) can
    /// read.</summary>
    public static async Task<string> RefreshCookieAsync(IPage page) =>
        (await page.Context.CookiesAsync()).Single(c => c.Name == "rp_refresh").Value;

    /// <summary>
    /// An access token for the page's user, got the way the page gets one (the app keeps its own in memory only): a
    /// refresh with the cookie, under the app's cross-tab refresh lock.
    /// </summary>
    public static async Task<string> AccessTokenAsync(IPage page) => await page.EvaluateAsync<string>("""
        () => navigator.locks.request("rp-refresh", async () => {
          const r = await fetch("/api/v1/auth/refresh", { method: "POST", body: "{}",
            headers: { "Content-Type": "application/json", "X-Refresh-Token-Transport": "cookie" } });
          if (!r.ok) throw new Error("refresh answered " + r.status);
          return (await r.json()).accessToken;
        })
        """);

    public static async Task<GatewayClient> ApiFromPageAsync(IPage page, Uri gateway) =>
        new(gateway) { AccessToken = await AccessTokenAsync(page) };

    public static Task WaitForSavedAsync(IPage page, int timeoutMs = 30_000) =>
        Assertions
            .Expect(page.Locator("[data-testid=sync-status]"))
            .ToHaveAttributeAsync("data-status", "saved", new() { Timeout = timeoutMs });

    /// <summary>
    /// The token of the newest mail to <paramref name="to"/> whose subject contains <paramref name="subject"/>, from
    /// the development mailbox on the documents service's own loopback URL (the gateway never routes it).
    /// </summary>
    public static async Task<string> TokenFromMailboxAsync(
        RunningTopology topology,
        string to,
        string subject,
        int after = 0
    )
    {
        using var client = new GatewayClient(topology.ServiceUrl("documents"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mails = await client.SendJsonAsync(
                HttpMethod.Get,
                $"/api/v1/dev/mailbox?to={Uri.EscapeDataString(to)}",
                null,
                HttpStatusCode.OK
            );
            var matching = mails
                .AsArray()
                .Where(m => m!["subject"]!.GetValue<string>().Contains(subject, StringComparison.Ordinal))
                .ToList();
            if (matching.Count > after)
            {
                var body = matching[0]!["body"]!.GetValue<string>();
                return Uri.UnescapeDataString(TokenInLink().Match(body).Groups[1].Value);
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No mail '{subject}' to {to}: {mails.ToJsonString()}");
            await Task.Delay(300);
        }
    }

    [GeneratedRegex(@"\?token=([^\s]+)")]
    private static partial Regex TokenInLink();
}
