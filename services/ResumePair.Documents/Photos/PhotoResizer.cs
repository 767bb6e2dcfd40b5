using Microsoft.Extensions.Options;
using NetVips;

namespace ResumePair.Documents.Photos;

/// <summary>
/// Makes the small version with libvips through NetVips (in process; the native library ships in NetVips.Native).
/// It decodes JPEG, PNG and WebP, shrinks while decoding (fast, little memory) and keeps no metadata (camera data,
/// location). PNG stays PNG (transparency); the rest becomes JPEG.
/// </summary>
public sealed class PhotoResizer(IOptions<PhotoOptions> options)
{
    public Task<(string ContentType, byte[] Bytes)> ResizeAsync(PendingPhoto photo, CancellationToken ct) =>
        // CPU-bound work off the caller's thread; a 5 MB photo takes tens of milliseconds.
        Task.Run(() =>
        {
            ct.ThrowIfCancellationRequested();
            var size = options.Value.SmallSize;
            try
            {
                using var small = Image.ThumbnailBuffer(photo.Original, size, height: size, outputProfile: "srgb",
                    failOn: Enums.FailOn.Error);
                return photo.ContentType == "image/png"
                    ? ("image/png", small.PngsaveBuffer(keep: Enums.ForeignKeep.None))
                    : ("image/jpeg", small.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.None));
            }
            catch (VipsException e)
            {
                throw new InvalidImageException($"The image could not be decoded: {e.Message.Trim()}");
            }
        }, ct);
}
