namespace ResumePair.Documents.Photos;

/// <summary>
/// The upload as Npgsql should see it: the sniffed header bytes followed by the rest of the request body, with a
/// known length. Npgsql streams a bytea parameter only from a stream that reports its length (otherwise it buffers
/// it), so this one claims to be seekable for <see cref="Length"/> and <see cref="Position"/> — nothing seeks it.
/// A body that ends before the declared length fails the write (and its transaction).
/// </summary>
public sealed class UploadStream(byte[] header, Stream rest, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length) return 0;
        int read;
        if (_position < header.Length)
        {
            read = Math.Min(buffer.Length, header.Length - (int)_position);
            header.AsSpan((int)_position, read).CopyTo(buffer.Span);
        }
        else
        {
            read = await rest.ReadAsync(buffer[..(int)Math.Min(buffer.Length, length - _position)], cancellationToken);
            if (read == 0) throw new IOException("The upload ended before its declared length.");
        }
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
