using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>A Chromium that stops answering (SIGSTOP: pipe open, nothing read) must not hang renders or outlive the
/// pool.</summary>
public sealed class HungBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_SIGSTOPped_chromium_times_out_in_time_is_killed_relaunched_and_leaves_nothing()
    {
        var data = Path.Combine(Path.GetTempPath(), $"resumepair-hung-{Guid.NewGuid():N}"[..38]);
        var services = ChromiumFixture.Build(data, ("Renderer:RenderTimeout", RenderTimeout.ToString()));
        var renderer = services.GetRequiredService<DocumentPdfRenderer>();
        var chromium = services.GetRequiredService<ChromiumBrowser>();
        var profile = chromium.ProfileDirectory;
        var browser = 0;
        var relaunched = 0;
        var hung = new List<int>();
        try
        {
            // Preparation, not under test: on a loaded host a cold page's first print can take longer than the short
            // limit.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await renderer.RenderAsync(
                        "ats-single-column",
                        DocumentTypes.Resume,
                        "t",
                        SampleDocuments.Resume(),
                        "A4",
                        null,
                        CancellationToken.None
                    );
                    break;
                }
                catch (RenderFailure e) when (e.Code == "timeout" && attempt < 5) { }
            }
            browser = await ProcessTree.BrowserOfAsync(profile);
            hung = ChromiumProcesses.Find(profile).Where(p => p.State != 'Z').Select(p => p.Pid).ToList();
            Assert.True(hung.Count >= 2, $"{hung.Count} Chromium processes");
            foreach (var pid in hung) Assert.Equal(0, ProcessTree.Signal(pid, ProcessTree.SigStop));

            var sw = Stopwatch.StartNew();
            var failure = await Assert.ThrowsAsync<RenderFailure>(() =>
                renderer.RenderAsync(
                    "ats-single-column",
                    DocumentTypes.Resume,
                    "t",
                    SampleDocuments.Resume(),
                    "A4",
                    null,
                    CancellationToken.None
                )
            );
            var timedOutAfter = sw.Elapsed;
            Assert.Equal("timeout", failure.Code);
            Assert.True(failure.Retryable);
            // The caller hears within the limit (plus scheduling slack on a loaded 2-core host), not after the page
            // close.
            Assert.InRange(
                timedOutAfter,
                RenderTimeout - TimeSpan.FromMilliseconds(100),
                RenderTimeout + TimeSpan.FromSeconds(2)
            );

            // In the background the page does not close within 5 s, so the whole stopped tree is SIGKILLed.
            while (hung.Any(IsAlive) && sw.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
            output.WriteLine(
                $"timeout after {timedOutAfter.TotalMilliseconds:0} ms; {hung.Count} stopped processes killed after "
                    + $"{sw.Elapsed.TotalSeconds:0.0} s"
            );
            Assert.DoesNotContain(hung, IsAlive);

            var pdf = await renderer.RenderAsync(
                "ats-single-column",
                DocumentTypes.Resume,
                "t",
                SampleDocuments.Resume(),
                "A4",
                null,
                CancellationToken.None
            );
            Assert.Equal(1, pdf.Pages);
            Assert.Equal(2, chromium.Launches);
            relaunched = await ProcessTree.BrowserOfAsync(profile);
            Assert.NotEqual(browser, relaunched); // a fresh browser process
            Assert.DoesNotContain(ProcessTree.OurChromium(relaunched, profile), hung.Contains);
        }
        finally
        {
            foreach (var pid in hung)
                ProcessTree.Signal(pid, ProcessTree.SigCont); // never leave a stopped process if an assert failed early
            await services.DisposeAsync();
        }

        var left = await ProcessTree.WaitUntilNoChromiumAsync(relaunched, profile, TimeSpan.FromSeconds(15));
        left.UnionWith(ProcessTree.OurChromium(browser, profile));
        Assert.Empty(left);
        // Both browser processes were children of this process: neither is left as a zombie (they were reaped).
        Assert.False(
            File.Exists($"/proc/{browser}/stat") && IsZombieChild(browser),
            $"browser {browser} left as a zombie"
        );
        Assert.False(
            File.Exists($"/proc/{relaunched}/stat") && IsZombieChild(relaunched),
            $"browser {relaunched} left as a zombie"
        );
        try { Directory.Delete(data, true); } catch (DirectoryNotFoundException) { }
    }

    private static bool IsZombieChild(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" && int.Parse(fields[1]) == Environment.ProcessId;
        }
        catch (IOException) { return false; }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException) { return false; }
    }
}
