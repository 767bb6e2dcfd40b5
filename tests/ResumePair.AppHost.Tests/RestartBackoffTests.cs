using ResumePair.AppHost.Processes;
using Xunit;

namespace ResumePair.AppHost.Tests;

public sealed class RestartBackoffTests
{
    [Fact]
    public void Doubles_from_one_second_up_to_thirty()
    {
        var backoff = new RestartBackoff();
        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next(TimeSpan.Zero).TotalSeconds);
        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void Starts_over_after_a_minute_of_health()
    {
        var backoff = new RestartBackoff();
        for (var i = 0; i < 5; i++) backoff.Next(TimeSpan.Zero);
        Assert.Equal(30, backoff.Next(TimeSpan.FromSeconds(59)).TotalSeconds);
        Assert.Equal(1, backoff.Next(TimeSpan.FromSeconds(60)).TotalSeconds);
        Assert.Equal(2, backoff.Next(TimeSpan.FromSeconds(5)).TotalSeconds);
    }
}
