using System.Text.Json;
using Microsoft.Playwright;
using ResumePair.Testing;

namespace ResumePair.WebApp.Tests;

/// <summary>axe-core (npm, run in the page): the serious and critical WCAG 2.2 A/AA violations of the page.</summary>
internal static class Axe
{
    private static readonly string Script =
        Path.Combine(RepositoryPaths.Root!, "gateway", "web", "node_modules", "axe-core", "axe.min.js");

    public static async Task<IReadOnlyList<string>> ViolationsAsync(WebAppFixture fixture, IPage page, string screen)
    {
        // Evaluated through DevTools rather than added as a <script>: the app's CSP refuses inline scripts without
        // its nonce.
        await page.EvaluateAsync(await File.ReadAllTextAsync(Script));
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async () => (await axe.run(document,
                  { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }))
              .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3)
                .map(n => n.target.join(' ') + ' ' + (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160))
                .join(' | ')}`)
            """
        );
        await fixture.ScreenshotAsync(page, $"axe-{screen}-{page.ViewportSize?.Width}");
        return result.EnumerateArray().Select(v => $"{screen} @{page.ViewportSize?.Width}: {v.GetString()}").ToList();
    }
}
