using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// The profile photo in the editor: a 3 MB image is cropped and scaled down in the browser before the presigned
/// upload, shows in the preview, is embedded in the exported PDF (pdfimages), and can be removed again.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed partial class PhotoUploadTests(WebAppFixture fixture)
{
    [Fact]
    public async Task A_3_MB_photo_is_downscaled_before_upload_shown_in_the_preview_embedded_in_the_pdf_and_removable()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        // What the page sends to the presigned URL, measured in the page (Playwright does not expose a Blob body).
        await page.AddInitScriptAsync(
            """
            (() => {
              const send = window.fetch;
              window.fetch = async (url, init) => {
                if (String(url).includes("/api/v1/photos/uploads/") && init?.body instanceof Blob) {
                  const b = await createImageBitmap(init.body);
                  window.__photoUpload =
                    { size: init.body.size, type: init.body.type, width: b.width, height: b.height };
                }
                return send(url, init);
              };
            })()
            """
        );
        await SignUpWithNewResumeAsync(page, "Dorothy Vaughan");
        var design = page.GetByRole(AriaRole.Region, new() { Name = "Design" });
        await design.GetByRole(AriaRole.Button, new() { Name = "Change template" }).ClickAsync();
        await design.GetByRole(AriaRole.Radio, new() { Name = "Modern two column" }).ClickAsync();
        await WaitForSavedAsync(page);

        var original = NoisyPng(1_800, 1_800, noisyRows: 560);
        Assert.InRange(original.Length, 2_800_000, 3_600_000);
        var photo = page.GetByRole(AriaRole.Region, new() { Name = "Photo" });
        await photo
            .GetByLabel("Upload photo")
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = "portrait.png",
                    MimeType = "image/png",
                    Buffer = original,
                }
            );
        // Crop with the keyboard: zoom in a little, move right.
        await photo.GetByRole(AriaRole.Slider, new() { Name = "Zoom" }).PressAsync("ArrowRight");
        await photo.GetByRole(AriaRole.Slider, new() { Name = "Horizontal position" }).PressAsync("ArrowRight");
        var upload = await page.RunAndWaitForRequestAsync(
            () => photo.GetByRole(AriaRole.Button, new() { Name = "Use this photo" }).ClickAsync(),
            r => r.Method == "PUT" && r.Url.Contains("/api/v1/photos/uploads/", StringComparison.Ordinal));
        await Assertions.Expect(photo.GetByRole(AriaRole.Status)).ToHaveTextAsync("Photo saved.");
        await WaitForSavedAsync(page);

        // What went over the wire: a JPEG of at most 1200 px a side, far smaller than the 3 MB chosen.
        var sent = await page.EvaluateAsync<System.Text.Json.JsonElement>("() => window.__photoUpload");
        var (width, height, size) = (sent.GetProperty("width").GetInt32(), sent.GetProperty("height").GetInt32(),
            sent.GetProperty("size").GetInt64());
        Assert.Equal("image/jpeg", await upload.HeaderValueAsync("content-type"));
        Assert.Equal("image/jpeg", sent.GetProperty("type").GetString());
        Assert.True(width <= 1200 && height <= 1200 && width == height, $"uploaded {width}×{height}");
        Assert.True(width >= 1000, $"the crop kept {width} px of an 1800 px source zoomed in slightly");
        Assert.True(size < original.Length, $"uploaded {size} bytes of {original.Length}");
        await Assertions
            .Expect(photo.GetByRole(AriaRole.Img, new() { Name = "Your profile photo" }))
            .ToBeVisibleAsync();

        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var docId = page.Url.Split('/').Last();
        var photoId = (await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK))
            ["data"]!["profile"]!["photoId"]!.GetValue<string>();
        await WaitUntilReadyAsync(api, photoId);

        // The preview prints it inline, as the export will.
        await page.Locator("#preview").ScrollIntoViewIfNeededAsync();
        var preview = page.FrameLocator("[data-testid=preview-frame]");
        await Assertions
            .Expect(preview.Locator("img[src^='data:image/']").First)
            .ToBeAttachedAsync(new() { Timeout = 60_000 });

        var exportPanel = page.GetByRole(AriaRole.Region, new() { Name = "Export PDF" });
        await exportPanel.GetByRole(AriaRole.Button, new() { Name = "Export PDF" }).ClickAsync();
        var downloadButton = exportPanel.GetByRole(AriaRole.Button, new() { Name = "Download PDF" });
        await downloadButton.WaitForAsync(new() { Timeout = 120_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => downloadButton.ClickAsync());
        var images = ImageLines(await RunAsync("pdfimages", "-list", (await download.PathAsync())!));
        Assert.True(images.Count >= 1, "pdfimages lists no image in the exported PDF");
        Assert.Contains(images, i => i.Width >= 100 && i.Height >= 100);

        // Removed: gone from the document and from the preview.
        await photo.GetByRole(AriaRole.Button, new() { Name = "Remove photo" }).ClickAsync();
        await WaitForSavedAsync(page);
        var profile = (await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK))[
            "data"
        ]!["profile"]!;
        Assert.Null(profile["photoId"]);
        await page.Locator("#preview").ScrollIntoViewIfNeededAsync();
        await Assertions
            .Expect(preview.Locator("img[src^='data:image/']"))
            .ToHaveCountAsync(0, new() { Timeout = 60_000 });
        Assert.Empty(fixture.UnexpectedConsoleErrors(session));
    }

    /// <summary>The background job makes the small version the export embeds; until then an export has no
    /// photo.</summary>
    private static async Task WaitUntilReadyAsync(ResumePair.Testing.Topology.GatewayClient api, string photoId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (
            (await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/photos/{photoId}", null, HttpStatusCode.OK))[
                "status"
            ]!.GetValue<string>() != "ready"
        )
        {
            Assert.True(DateTime.UtcNow < deadline, "the photo was not resized within 60 s");
            await Task.Delay(250);
        }
    }

    /// <summary>`pdfimages -list` rows: "page num type width height …".</summary>
    private static List<(int Width, int Height)> ImageLines(string list) =>
        list.Split('\n').Skip(2).Select(l => ImageRow().Match(l)).Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value))).ToList();

    [GeneratedRegex(@"^\s*\d+\s+\d+\s+\w+\s+(\d+)\s+(\d+)")]
    private static partial Regex ImageRow();

    /// <summary>An RGB PNG: <paramref name="noisyRows"/> rows of random pixels (incompressible), the rest one
    /// colour.</summary>
    private static byte[] NoisyPng(int width, int height, int noisyRows)
    {
        var raw = new byte[height * (1 + width * 3)];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan(y * (1 + width * 3) + 1, width * 3);
            if (y < noisyRows) Random.Shared.NextBytes(row);
            else row.Fill(0x5A);
        }
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw);
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool}: {await error}");
        return await output;
    }
}
