using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>Own Chromium (not the shared one): these tests take it down on purpose.</summary>
public sealed class BrowserRecoveryTests : IAsyncLifetime
{
    private readonly ChromiumFixture _chromium = new();

    public Task InitializeAsync() => _chromium.InitializeAsync();
    public Task DisposeAsync() => _chromium.DisposeAsync();

    [Fact]
    public async Task A_disconnected_browser_is_relaunched_on_the_next_render()
    {
        var first = await _chromium.Pdf.RenderAsync(
            "ats-single-column",
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            "A4",
            null,
            CancellationToken.None
        );
        Assert.Equal(1, _chromium.Chromium.Launches);

        // Simulates a crash: the pooled pages now belong to a dead browser.
        var browser = await _chromium.Chromium.GetAsync(CancellationToken.None);
        await browser.CloseAsync();
        Assert.False(_chromium.Chromium.IsConnected);

        var second = await _chromium.Pdf.RenderAsync(
            "ats-single-column",
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            "A4",
            null,
            CancellationToken.None
        );
        Assert.Equal(first.Pages, second.Pages);
        Assert.Equal(2, _chromium.Chromium.Launches);
        Assert.True(_chromium.Chromium.IsConnected);
    }

    [Fact]
    public async Task A_killed_chromium_is_relaunched_and_the_pool_keeps_printing()
    {
        await _chromium.Pdf.RenderAsync(
            "ats-single-column",
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            "A4",
            null,
            CancellationToken.None
        );
        // The browser process: no --type= (renderer, gpu, utility, zygote) and not the crash handler.
        var browserProcess = ChromiumProcessesUsing(_chromium.Chromium.ProfileDirectory)
            .Single(pid =>
                File.ReadAllText($"/proc/{pid}/cmdline") is var cmd
                && !cmd.Contains("--type=", StringComparison.Ordinal)
                && !cmd.Contains("crashpad", StringComparison.Ordinal)
            );

        System.Diagnostics.Process.GetProcessById(browserProcess).Kill(); // SIGKILL: a crash or the OOM killer
        for (var i = 0; i < 50 && _chromium.Chromium.IsConnected; i++) await Task.Delay(100);
        Assert.False(_chromium.Chromium.IsConnected);

        var pdf = await _chromium.Pdf.RenderAsync(
            "ats-single-column",
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            "A4",
            null,
            CancellationToken.None
        );
        Assert.Equal(1, pdf.Pages);
        Assert.Equal(2, _chromium.Chromium.Launches);
    }

    [Fact]
    public async Task Dispose_leaves_no_chromium_process_and_removes_the_profile_folder()
    {
        await _chromium.Pdf.RenderAsync(
            "ats-single-column",
            DocumentTypes.Resume,
            "t",
            SampleDocuments.Resume(),
            "A4",
            null,
            CancellationToken.None
        );
        var profile = _chromium.Chromium.ProfileDirectory;
        Assert.True(Directory.Exists(profile));
        Assert.NotEmpty(ChromiumProcessesUsing(profile));

        await _chromium.Services.DisposeAsync();

        for (var i = 0; i < 50 && ChromiumProcessesUsing(profile).Count > 0; i++) await Task.Delay(100);
        Assert.Empty(ChromiumProcessesUsing(profile));
        Assert.False(Directory.Exists(profile));
    }

    /// <summary>Chromium processes whose environment points XDG_CONFIG_HOME into this profile (zombies
    /// excluded).</summary>
    private static List<int> ChromiumProcessesUsing(string profile)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "stat")).Split(' ')[2] == "Z") continue;
                var env = File.ReadAllText(Path.Combine(dir, "environ"));
                if (
                    env.Contains($"XDG_CONFIG_HOME={profile}/config", StringComparison.Ordinal)
                    && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("chrom")
                )
                    found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}
