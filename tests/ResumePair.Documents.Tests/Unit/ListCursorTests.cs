using ResumePair.Documents.Documents;
using Xunit;

namespace ResumePair.Documents.Tests.Unit;

public sealed class ListCursorTests
{
    [Fact]
    public void Round_trips_at_microsecond_precision()
    {
        var cursor = new ListCursor(
            new DateTime(2026, 11, 22, 6, 30, 1, DateTimeKind.Utc).AddTicks(1234560),
            Guid.NewGuid()
        );
        var encoded = cursor.Encode();

        Assert.True(ListCursor.TryDecode(encoded, out var decoded));
        Assert.Equal(cursor, decoded);
        Assert.Equal(DateTimeKind.Utc, decoded.UpdatedAt.Kind);
        Assert.DoesNotContain('+', encoded);
        Assert.DoesNotContain('/', encoded);
        Assert.DoesNotContain('=', encoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("!!!!")]
    [InlineData("AAAA")]
    [InlineData("__________________________________________________________________________")]
    public void Rejects_anything_it_did_not_produce(string value) => Assert.False(ListCursor.TryDecode(value, out _));
}
