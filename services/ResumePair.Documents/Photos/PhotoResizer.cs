using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace ResumePair.Documents.Photos;

/// <summary>
/// Makes the small version with libvips' <c>vipsthumbnail</c> (Debian: <c>libvips-tools</c>; no image library is
/// available from this project's NuGet registry). It decodes JPEG, PNG and WebP, shrinks while decoding (fast, little
/// memory) and strips metadata (camera data, location). PNG stays PNG (transparency); the rest becomes JPEG.
/// </summary>
public sealed class PhotoResizer(IOptions<PhotoOptions> options, ILogger<PhotoResizer> logger)
{
    public async Task<(string ContentType, byte[] Bytes)> ResizeAsync(PendingPhoto photo, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("resumepair-photo-");
        try
        {
            var input = Path.Combine(folder.FullName, "original");
            await File.WriteAllBytesAsync(input, photo.Original, ct);
            var (extension, contentType) = photo.ContentType == "image/png" ? (".png", "image/png") : (".jpg[Q=85]", "image/jpeg");
            var size = options.Value.SmallSize;
            var psi = new ProcessStartInfo(options.Value.ResizerCommand)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { input, "--size", $"{size}x{size}", "--export-profile", "srgb", "-o", $"small{extension}" }) psi.ArgumentList.Add(arg);

            Process process;
            try
            {
                process = Process.Start(psi) ?? throw new InvalidOperationException("vipsthumbnail did not start.");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                logger.LogError("Cannot resize photos: {Command} is not installed (Debian package libvips-tools)", options.Value.ResizerCommand);
                throw new InvalidOperationException($"{options.Value.ResizerCommand} is not installed (libvips-tools).", e);
            }
            using (process)
            {
                var stderr = process.StandardError.ReadToEndAsync(ct);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw;
                }
                if (process.ExitCode != 0) throw new InvalidImageException($"The image could not be decoded: {(await stderr).Trim()}");
            }
            var output = Path.Combine(folder.FullName, "small" + (contentType == "image/png" ? ".png" : ".jpg"));
            return (contentType, await File.ReadAllBytesAsync(output, ct));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
