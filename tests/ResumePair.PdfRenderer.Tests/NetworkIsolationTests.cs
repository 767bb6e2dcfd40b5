using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary>
/// Whatever a document contains, printing it reaches no network and no file. A local listener counts
/// every connection attempt; both the template path (Razor encoding + CSP) and raw HTML fed straight to
/// the pool (routing, no JavaScript, dead proxy) must leave it at zero.
/// </summary>
[Collection("chromium")]
public sealed class NetworkIsolationTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;
    private Task _accepting = Task.CompletedTask;
    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        _listener.Start();
        _accepting = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
            }
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    [Fact]
    public async Task Listener_is_reachable_so_zero_means_blocked()
    {
        using var probe = new TcpClient();
        await probe.ConnectAsync(IPAddress.Loopback, Port);
        await WaitForAsync(() => Volatile.Read(ref _connections) == 1);
        Assert.Equal(1, Volatile.Read(ref _connections));
    }

    [Fact]
    public async Task Hostile_document_text_reaches_nothing()
    {
        var url = $"http://127.0.0.1:{Port}";
        var data = JsonSerializer.SerializeToElement(
            new
            {
                profile = new
                {
                    name = $"<img src=\"{url}/x\">",
                    website = $"{url}/site",
                    summary = $"<style>body {{ background: url('{url}/bg') }} @import url({url}/css);</style><iframe "
                        + "src=\"file:///etc/passwd\"></iframe>",
                    links = new[] { new { label = "x", url = $"{url}/link" } },
                },
            }
        );
        var pdf = await chromium.Pdf.RenderAsync("ats-single-column", DocumentTypes.Resume, "t", data, "A4", null,
            CancellationToken.None);

        Assert.Equal(1, pdf.Pages);
        var text = await PdfTools.ToTextAsync(pdf.Bytes);
        Assert.Contains("<img src=", text); // printed as text, not fetched
        await Task.Delay(300);
        Assert.Equal(0, Volatile.Read(ref _connections));
    }

    [Fact]
    public async Task Raw_html_subresources_are_aborted_by_the_browser_sandbox()
    {
        var url = $"http://127.0.0.1:{Port}";
        var html = $$"""
            <!DOCTYPE html><html><head>
            <link rel="stylesheet" href="{{url}}/style.css">
            <style>
              @import url("{{url}}/import.css");
              @font-face { font-family: Leak; src: url("{{url}}/font.woff2"); }
              body { background-image: url("{{url}}/bg.png"); font-family: Leak, sans-serif; }
              .f { background: url("file:///etc/passwd"); }
            </style>
            <script src="{{url}}/script.js"></script>
            </head><body class="f">
            <p>isolation probe</p>
            <img src="{{url}}/img.png"><img src="file:///etc/passwd">
            <iframe src="{{url}}/frame"></iframe><iframe src="file:///etc/passwd"></iframe>
            <object data="{{url}}/object"></object><embed src="{{url}}/embed">
            <video src="{{url}}/video.mp4" poster="{{url}}/poster.png"></video>
            <meta http-equiv="refresh" content="0;url={{url}}/refresh">
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==">
            </body></html>
            """;
        var blockedBefore = chromium.Pool.BlockedRequests;

        var pdf = await chromium.Printer.PrintAsync(html, null, CancellationToken.None);

        var text = await PdfTools.ToTextAsync(pdf);
        Assert.Contains("isolation probe", text);
        Assert.DoesNotContain("root:", text);
        await Task.Delay(500);
        Assert.Equal(0, Volatile.Read(ref _connections));
        Assert.True(chromium.Pool.BlockedRequests > blockedBefore, "routing saw none of the requests");
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 50 && !condition(); i++) await Task.Delay(20);
    }
}
