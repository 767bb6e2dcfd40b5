using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>
/// Chromium processes over a renderer's life: many renders with recycling grow nothing and leave no zombies, a
/// memory bound recycles, and a SIGKILLed worker leaves no orphans. (The bench runs the long soak.)
/// </summary>
public sealed class ProcessLifecycleTests(ITestOutputHelper output)
{
    private static string NewDataDirectory() =>
        Path.Combine(Path.GetTempPath(), $"resumepair-lifecycle-{Guid.NewGuid():N}"[..42]);

    [Fact]
    public async Task Hundreds_of_renders_with_recycling_grow_no_processes_and_leave_no_zombies()
    {
        var data = NewDataDirectory();
        await using var services = ChromiumFixture.Build(data, ("Renderer:RecycleAfterRenders", "40"));
        var renderer = services.GetRequiredService<DocumentPdfRenderer>();
        var pool = services.GetRequiredService<PagePool>();
        var chromium = services.GetRequiredService<ChromiumBrowser>();
        var resume = SampleDocuments.Resume();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => renderer.RenderAsync("compact", DocumentTypes.Resume, "t",
            resume, "A4", null, CancellationToken.None)));
        var before = ChromiumProcesses.Find(chromium.ProfileDirectory).Count(p => p.State != 'Z');

        const int renders = 120;
        var next = 0;
        var sw = Stopwatch.StartNew();
        var templates = new[] { "ats-single-column", "modern-sidebar", "compact", "classic-serif" };
        await Task.WhenAll(
            Enumerable
                .Range(0, 2)
                .Select(async _ =>
                {
                    while (Interlocked.Increment(ref next) <= renders)
                    {
                        var pdf = await renderer.RenderAsync(
                            templates[next % 4],
                            DocumentTypes.Resume,
                            "t",
                            resume,
                            "A4",
                            null,
                            CancellationToken.None
                        );
                        Assert.True(pdf.Pages >= 1);
                    }
                })
        );
        await pool.Recycling;
        await Task.Delay(500); // killed helpers are reaped by the browser shortly after
        var after = ChromiumProcesses.Find(chromium.ProfileDirectory);
        output.WriteLine(
            $"{renders} renders in {sw.Elapsed.TotalSeconds:0.0} s; processes before {before}, after {after.Count}; "
                + $"recycles {pool.Recycles}, launches {chromium.Launches}"
        );

        // 124 renders, recycle every 40 (counting restarts after each relaunch)
        Assert.True(pool.Recycles >= 2, $"{pool.Recycles} recycles");
        Assert.Equal(pool.Recycles + 1, chromium.Launches);
        Assert.DoesNotContain(after, p => p.State == 'Z');
        Assert.InRange(after.Count, 1, before + 1);
        // Processes of earlier browsers are gone: everything left is one browser's tree (one browser process).
        Assert.Single(after, p =>
            !p.CommandLine.Contains("--type=", StringComparison.Ordinal)
            && !p.CommandLine.Contains("crashpad", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task The_process_list_holds_the_whole_tree_renderers_included_and_memory_counts_them()
    {
        var data = NewDataDirectory();
        await using var services = ChromiumFixture.Build(data);
        var renderer = services.GetRequiredService<DocumentPdfRenderer>();
        var chromium = services.GetRequiredService<ChromiumBrowser>();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => renderer.RenderAsync("ats-single-column",
            DocumentTypes.Resume, "t", SampleDocuments.Resume(), "A4", null, CancellationToken.None)));
        var browser = await ProcessTree.BrowserOfAsync(chromium.ProfileDirectory);

        // The reference: a walk down from the browser process (renderers are the zygote's children and carry no
        // environment marker any more).
        static string CommandLine(int pid)
        {
            try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
            catch (IOException) { return ""; }
        }
        var walked = ProcessTree.Descendants(browser).Append(browser)
            .Where(pid => CommandLine(pid).Contains("chrom", StringComparison.Ordinal)).ToHashSet();
        var renderers = walked.Where(pid => CommandLine(pid).Contains("--type=renderer", StringComparison.Ordinal))
            .ToList();
        var found = ChromiumProcesses.Find(chromium.ProfileDirectory);
        var ofBrowser = ChromiumProcesses.FindBrowser(chromium.Current!.Id);
        output.WriteLine($"walked {walked.Count} ({renderers.Count} renderers), found {found.Count}, "
            + $"of the browser {ofBrowser.Count}, {chromium.MemoryMb()} MB");

        Assert.True(renderers.Count >= 2, $"{renderers.Count} renderers for 2 pages");
        // A process may end between the two listings: compare what is still there after both.
        var stillThere = walked.Where(pid => File.Exists($"/proc/{pid}/stat")).ToHashSet();
        Assert.Subset(found.Select(p => p.Pid).ToHashSet(), stillThere);
        Assert.Subset(ofBrowser.Select(p => p.Pid).ToHashSet(), stillThere);
        Assert.Contains(ofBrowser, p => p.CommandLine.Contains("--type=zygote", StringComparison.Ordinal));
        // Memory (what recycling by memory compares with its bound) includes the renderers' share.
        var renderersKb = ofBrowser.Where(p => renderers.Contains(p.Pid)).Sum(p => p.PssKb);
        Assert.True(renderersKb > 0, "renderers' PSS is counted");
        Assert.True(
            chromium.MemoryMb() * 1024 > renderersKb,
            $"{chromium.MemoryMb()} MB vs renderers {renderersKb} kB"
        );
    }

    [Fact]
    public async Task Renderers_of_hidden_pooled_pages_print_at_normal_priority()
    {
        var data = NewDataDirectory();
        await using var services = ChromiumFixture.Build(data); // 2 pages
        var renderer = services.GetRequiredService<DocumentPdfRenderer>();
        var pool = services.GetRequiredService<PagePool>();
        var chromium = services.GetRequiredService<ChromiumBrowser>();
        List<ChromiumProcesses.Info> Renderers() => ChromiumProcesses.FindBrowser(chromium.Current!.Id)
            .Where(p => p.State != 'Z' && p.CommandLine.Contains("--type=renderer", StringComparison.Ordinal)).ToList();

        // Pages opened on demand by renders (no warm-up), then pages warmed as at start and in a recycle.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => renderer.RenderAsync("ats-single-column",
            DocumentTypes.Resume, "t", SampleDocuments.Resume(), "A4", null, CancellationToken.None)));
        var opened = Renderers();
        await pool.WarmUpAsync(CancellationToken.None);
        var warmed = Renderers();
        output.WriteLine($"opened: {string.Join(", ", opened.Select(p => $"{p.Pid} nice {p.Nice}"))}; with warmed: "
            + string.Join(", ", warmed.Select(p => $"{p.Pid} nice {p.Nice}")));

        // Run as root, Chromium lowers a renderer whose pages are all hidden to nice 5 (not as a user who could not
        // raise it again): every renderer of the pool prints at the worker's own priority.
        Assert.Equal(2, opened.Count);
        Assert.All(opened, p => Assert.Equal(0, p.Nice));
        Assert.Equal(4, warmed.Count);
        Assert.All(warmed, p => Assert.Equal(0, p.Nice));
    }

    [Fact]
    public async Task A_browser_above_its_memory_bound_is_recycled()
    {
        var data = NewDataDirectory();
        await using var services = ChromiumFixture.Build(
            data,
            ("Renderer:MaxBrowserMemoryMb", "1"),
            ("Renderer:MemoryCheckEveryRenders", "3")
        );
        var renderer = services.GetRequiredService<DocumentPdfRenderer>();
        var pool = services.GetRequiredService<PagePool>();
        var chromium = services.GetRequiredService<ChromiumBrowser>();

        for (var i = 0; i < 3; i++)
            await renderer.RenderAsync(
                "ats-single-column",
                DocumentTypes.Resume,
                "t",
                SampleDocuments.Resume(),
                "A4",
                null,
                CancellationToken.None
            );
        await pool.Recycling;

        Assert.True(chromium.MemoryMb() > 1, "PSS of the tree is measured");
        Assert.Equal(1, pool.Recycles);
        Assert.Equal(2, chromium.Launches);
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
    }

    [Fact]
    public async Task Pages_told_to_free_memory_keep_printing_on_the_same_renderers()
    {
        var data = NewDataDirectory();
        await using var services = ChromiumFixture.Build(data, ("Renderer:PurgePageEveryRenders", "1"));
        var renderer = services.GetRequiredService<DocumentPdfRenderer>();
        var chromium = services.GetRequiredService<ChromiumBrowser>();
        var pool = services.GetRequiredService<PagePool>();
        // Renderers are forked by the zygote and rewrite their title over their environment: found below the browser.
        List<int> Renderers(int browser) =>
            ProcessTree
                .Descendants(browser)
                .Where(pid =>
                {
                    try
                    {
                        return File.ReadAllText($"/proc/{pid}/cmdline")
                            .Contains("--type=renderer", StringComparison.Ordinal);
                    }
                    catch (IOException)
                    {
                        return false;
                    }
                })
                .Order()
                .ToList();

        async Task RenderTwiceAtOnce()
        {
            var pdfs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => renderer.RenderAsync("ats-single-column",
                DocumentTypes.Resume, "t", SampleDocuments.Resume(), "A4", null, CancellationToken.None)));
            Assert.All(pdfs, pdf => Assert.Equal(1, pdf.Pages));
        }
        await RenderTwiceAtOnce();
        var browser = await ProcessTree.BrowserOfAsync(chromium.ProfileDirectory);
        var first = Renderers(browser);
        for (var i = 0; i < 5; i++) await RenderTwiceAtOnce();

        // Every render was followed by a purge (a page that failed it would have been closed and replaced by a new
        // renderer): the same pages, one renderer each, printed throughout.
        Assert.Equal(2, first.Count);
        Assert.Equal(first, Renderers(browser));
        Assert.Equal(1, chromium.Launches);
        Assert.Equal(0, pool.Recycles);
    }

    [Fact]
    public async Task A_SIGKILLed_worker_leaves_no_chromium_behind()
    {
        var data = NewDataDirectory();
        Directory.CreateDirectory(data);
        // The real service binary; its broker is unreachable, which does not stop the Chromium warm-up.
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ResumePair.PdfRenderer.dll"));
        psi.Environment["ConnectionStrings__messaging"] = "amqp://guest:guest@127.0.0.1:9/";
        psi.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        psi.Environment["Renderer__DataDirectory"] = data;
        psi.Environment["Renderer__PoolSize"] = "2";
        psi.Environment.Remove("RESUMEPAIR_PARENT_PID");
        using var worker = Process.Start(psi)!;
        worker.OutputDataReceived += (_, _) => { };
        worker.ErrorDataReceived += (_, _) => { };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        var profile = Path.Combine(data, $"chromium-{worker.Id}");
        try
        {
            var sw = Stopwatch.StartNew();
            while (
                ChromiumProcesses.Find(profile).Count(p => p.State != 'Z') < 3 && sw.Elapsed < TimeSpan.FromSeconds(60)
            )
                await Task.Delay(200);
            var running = ChromiumProcesses.Find(profile).Count(p => p.State != 'Z');
            Assert.True(running >= 3, $"Chromium did not start in the worker ({running} processes)");

            worker.Kill(); // SIGKILL: no shutdown code runs in the worker
            await worker.WaitForExitAsync();

            sw.Restart();
            while (ChromiumProcesses.Find(profile).Any(p => p.State != 'Z') && sw.Elapsed < TimeSpan.FromSeconds(15))
                await Task.Delay(200);
            output.WriteLine(
                $"{running} Chromium processes; all gone {sw.ElapsedMilliseconds} ms after the worker was killed"
            );
            Assert.DoesNotContain(ChromiumProcesses.Find(profile), p => p.State != 'Z');
        }
        finally
        {
            if (!worker.HasExited) worker.Kill(true);
            ChromiumProcesses.KillAll(profile);
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
    }
}
