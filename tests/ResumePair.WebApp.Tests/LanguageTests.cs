using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// The UI in German: chosen in the account's preferences (stored server-side), applied at once without a reload,
/// kept across sign-out and sign-in; before sign-in the browser's own language decides.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class LanguageTests(WebAppFixture fixture)
{
    [Fact]
    public async Task German_chosen_in_settings_applies_at_once_to_editor_export_and_settings_and_returns_at_sign_in()
    {
        await using var session = await fixture.NewSessionAsync(); // an English browser (Chromium's en-US)
        var page = session.Page;
        var email = await SignUpAsync(page, "Emmy Noether");
        var html = page.Locator("html");
        await Assertions.Expect(html).ToHaveAttributeAsync("lang", "en");

        // Settings: German, applied without a reload (the same document stays loaded: no navigation happens).
        await page.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var prefs = Region(page, "Preferences");
        await Assertions.Expect(prefs.GetByLabel("Language")).ToBeEnabledAsync();
        await prefs.GetByLabel("Language").SelectOptionAsync("de");
        var einstellungen = Region(page, "Einstellungen");
        var saved = einstellungen.GetByRole(AriaRole.Status);
        await Assertions.Expect(saved).ToContainTextAsync("Einstellungen gespeichert");
        await Assertions.Expect(html).ToHaveAttributeAsync("lang", "de");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ihr Konto", Level = 1 }));
        await Assertions.Expect(einstellungen.GetByLabel("Sprache")).ToHaveValueAsync("de");
        await Expect(einstellungen.GetByLabel("Erscheinungsbild"));
        await Expect(Region(page, "Passwort ändern"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Alle meine Daten herunterladen" }));
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" });
        await Assertions.Expect(nav).ToContainTextAsync("Dokumente");
        var violations = new List<string>(await Axe.ViolationsAsync(fixture, page, "de-account"));

        // The editor in German, with a field checked on this device in German.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dokumente", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Ihre Dokumente" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Neuer Lebenslauf" }).ClickAsync();
        await Input(page, "Vollständiger Name").FillAsync("Emmy Noether");
        var work = Region(page, "Berufserfahrung");
        await Assertions.Expect(work).ToContainTextAsync("Noch keine Einträge unter „Berufserfahrung“.");
        await work.GetByRole(AriaRole.Button, new() { Name = "Position hinzufügen" }).ClickAsync();
        await Textbox(work, "Position").FillAsync("Professorin");
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Erfolge" }).FillAsync("Noether-Theorem bewiesen");
        await Textbox(work, "Beginn").FillAsync("1915-13");
        await Textbox(work, "Ende").FocusAsync(); // the blur checks the start date
        await Assertions.Expect(work.GetByRole(AriaRole.Alert))
            .ToContainTextAsync("Verwenden Sie JJJJ, JJJJ-MM oder JJJJ-MM-TT");
        await Textbox(work, "Beginn").FillAsync("1915-04");
        await Assertions.Expect(page.Locator("[data-testid=sync-status]"))
            .ToContainTextAsync("Alle Änderungen gespeichert", new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "KI-Assistent" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Versionsverlauf" }));
        var jumps = page.GetByRole(AriaRole.Navigation, new() { Name = "Springen zu" });
        await Assertions.Expect(jumps).ToContainTextAsync("Vorschau");
        await page.Locator("#preview[data-page-count]:not([data-page-count=''])")
            .WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=page-indicator]")).ToContainTextAsync("Seite 1 von 1");
        violations.AddRange(await Axe.ViolationsAsync(fixture, page, "de-editor"));

        // Export in German: the panel, its progress and the download.
        var export = Region(page, "PDF exportieren");
        await export.GetByRole(AriaRole.Button, new() { Name = "PDF exportieren", Exact = true }).ClickAsync();
        await Assertions.Expect(export.Locator("[data-testid=export-status]"))
            .ToContainTextAsync("Bereit zum Herunterladen", new() { Timeout = 120_000 });
        await Expect(export.GetByRole(AriaRole.Button, new() { Name = "PDF herunterladen", Exact = true }));
        await Assertions.Expect(export.GetByRole(AriaRole.Group, new() { Name = "Weitere Formate" }))
            .ToContainTextAsync("Word (DOCX) exportieren");
        await fixture.ScreenshotAsync(page, "de-editor-exported");

        // The export history: German words, German dates (day.month.year) and plurals.
        await export.GetByRole(AriaRole.Link, new() { Name = "Exportverlauf" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Exporte", Level = 1 }).WaitForAsync();
        var row = page.Locator("[data-testid=history-row]").First;
        await Assertions.Expect(row).ToContainTextAsync("noch 7 Tage");
        await Assertions.Expect(row).ToContainTextAsync(GermanDate());
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "herunterladen" })).ToBeEnabledAsync();
        violations.AddRange(await Axe.ViolationsAsync(fixture, page, "de-exports"));

        // Sign out: the sign-in page is in the browser's language again; signing in brings the account's German back.
        await page.GetByRole(AriaRole.Button, new() { Name = "Abmelden", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        await Assertions.Expect(html).ToHaveAttributeAsync("lang", "en");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Ihre Dokumente" }).WaitForAsync();
        await Assertions.Expect(html).ToHaveAttributeAsync("lang", "de");
        await Assertions.Expect(page.Locator(".doc-card").First).ToContainTextAsync(EditedOnGermanDate());
        violations.AddRange(await Axe.ViolationsAsync(fixture, page, "de-documents"));
        await fixture.ScreenshotAsync(page, "de-documents");

        Assert.True(violations.Count == 0, string.Join('\n', violations));
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task Before_sign_in_a_German_browser_gets_German_and_the_first_saved_preference_keeps_it()
    {
        await using var session = await fixture.NewSessionAsync(locale: "de-DE");
        var page = session.Page;
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Anmelden" }).WaitForAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Passwort vergessen?" }));
        var violations = new List<string>(await Axe.ViolationsAsync(fixture, page, "de-sign-in"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Konto erstellen" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Lise Meitner");
        await page.GetByLabel("E-Mail").FillAsync($"lise-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Passwort").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Konto erstellen" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Ihre Dokumente" }).WaitForAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Erstellen Sie Ihren ersten Lebenslauf" }));

        // No language chosen yet: the account's first saved preference (here the theme) stores the German shown.
        await page.GetByRole(AriaRole.Link, new() { Name = "Konto", Exact = true }).ClickAsync();
        var prefs = Region(page, "Einstellungen");
        await Assertions.Expect(prefs.GetByLabel("Sprache")).ToHaveValueAsync("de");
        await prefs.GetByLabel("Erscheinungsbild").SelectOptionAsync("dark");
        await Assertions.Expect(prefs.GetByRole(AriaRole.Status)).ToContainTextAsync("Einstellungen gespeichert");
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var saved = await api.SendJsonAsync(HttpMethod.Get, "/api/v1/auth/preferences", null, HttpStatusCode.OK);
        Assert.Equal("de", saved["language"]!.GetValue<string>());
        Assert.Equal("dark", saved["theme"]!.GetValue<string>());
        violations.AddRange(await Axe.ViolationsAsync(fixture, page, "de-account-dark"));

        Assert.True(violations.Count == 0, string.Join('\n', violations));
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task A_German_user_gets_the_services_texts_in_German_problems_score_reasons_and_history()
    {
        await using var session = await fixture.NewSessionAsync(locale: "de-DE");
        var page = session.Page;
        await page.GotoAsync("/signup");
        await page.GetByLabel("Name").FillAsync("Marie Curie");
        await page.GetByLabel("E-Mail").FillAsync($"marie-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Passwort").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Konto erstellen" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Ihre Dokumente" }).WaitForAsync();

        // A problem the server finds (the browser cannot know the password is wrong): its field message in German.
        await page.GetByRole(AriaRole.Link, new() { Name = "Konto", Exact = true }).ClickAsync();
        var email = Region(page, "E-Mail-Adresse ändern");
        await email.GetByLabel("Neue E-Mail-Adresse").FillAsync($"marie-new-{Guid.NewGuid():N}@example.com");
        await email.GetByLabel("Passwort", new() { Exact = true }).FillAsync("not-the-password-1");
        await email.GetByRole(AriaRole.Button, new() { Name = "E-Mail-Adresse ändern" }).ClickAsync();
        await Assertions.Expect(email.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Das Passwort ist nicht richtig.");

        // The score's reasons and category names, made by the documents service, in German.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dokumente", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Neuer Lebenslauf" }).ClickAsync();
        await Input(page, "Vollständiger Name").FillAsync("Marie Curie");
        var saved = page.Locator("[data-testid=sync-status]");
        await Assertions.Expect(saved).ToContainTextAsync("Alle Änderungen gespeichert", new() { Timeout = 30_000 });
        var score = Region(page, "Lebenslauf-Bewertung");
        await Assertions.Expect(score.Locator("[data-testid=score-reason][data-reason='contact.phone']"))
            .ToHaveTextAsync("Fügen Sie eine Telefonnummer hinzu.", new() { Timeout = 30_000 });
        await Assertions.Expect(score.GetByRole(AriaRole.List, new() { Name = "Bewertung nach Kategorie" }))
            .ToContainTextAsync("Vollständige Kontaktdaten");

        // Version history: what changed, summarised by the service in German.
        await Input(page, "Berufsbezeichnung").FillAsync("Physikerin");
        await Assertions.Expect(saved).ToContainTextAsync("Alle Änderungen gespeichert", new() { Timeout = 30_000 });
        var history = Region(page, "Versionsverlauf");
        await Assertions.Expect(history.Locator(".version-summary").First)
            .ToHaveTextAsync("Profil › Berufsbezeichnung hinzugefügt", new() { Timeout = 30_000 });
        await Assertions.Expect(history).ToContainTextAsync("Erstellt");
        await fixture.ScreenshotAsync(page, "de-server-texts");

        // The refused re-authentication is the one failed request the browser logs.
        var unexpected = fixture.UnexpectedConsoleErrors(session)
            .Where(e => !e.Contains("status of 400", StringComparison.Ordinal));
        Assert.True(!unexpected.Any(), session.Diagnostics);
    }

    private static ILocator Region(IPage page, string name) => page.GetByRole(AriaRole.Region, new() { Name = name });

    private static ILocator Textbox(ILocator within, string name) =>
        within.GetByRole(AriaRole.Textbox, new() { Name = name, Exact = true });

    private static Task Expect(ILocator locator) => Assertions.Expect(locator).ToBeVisibleAsync();

    /// <summary>Today as German short dates print it: "7.12.2026".</summary>
    private static string GermanDate() =>
        DateTime.Now.ToString("d.M.yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static Regex EditedOnGermanDate() => new(@"Bearbeitet am \d{1,2}\.\d{1,2}\.\d{4}");
}
