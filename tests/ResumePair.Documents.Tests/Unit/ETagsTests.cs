using ResumePair.Documents.Documents;
using Xunit;

namespace ResumePair.Documents.Tests.Unit;

public sealed class ETagsTests
{
    [Fact]
    public void If_Match_forms()
    {
        Assert.Null(ETags.ParseIfMatch(default));
        Assert.True(ETags.ParseIfMatch("*")!.Allows(42));
        Assert.True(ETags.ParseIfMatch("\"3\"")!.Allows(3));
        Assert.False(ETags.ParseIfMatch("\"3\"")!.Allows(4));
        Assert.True(ETags.ParseIfMatch("\"1\", \"4\"")!.Allows(4));
        Assert.False(ETags.ParseIfMatch("W/\"5\"")!.Allows(5)); // RFC 9110: If-Match compares strongly
        Assert.Same(Precondition.Invalid, ETags.ParseIfMatch("3"));
        Assert.Equal("\"7\"", ETags.For(7));
    }
}
