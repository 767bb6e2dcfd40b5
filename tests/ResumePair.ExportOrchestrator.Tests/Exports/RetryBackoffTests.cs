using ResumePair.ExportOrchestrator.Jobs;

namespace ResumePair.ExportOrchestrator.Tests.Exports;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(2), Cap = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(40, 30)]
    public void The_ceiling_doubles_per_attempt_up_to_the_cap(int failedAttempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryBackoff.Ceiling(failedAttempt, Base, Cap));

    [Fact]
    public void Full_jitter_spreads_the_delay_over_zero_to_the_ceiling()
    {
        Assert.Equal(TimeSpan.Zero, RetryBackoff.Delay(3, Base, Cap, 0));
        Assert.Equal(TimeSpan.FromSeconds(4), RetryBackoff.Delay(3, Base, Cap, 0.5));
        var random = new Random(7);
        var delays = Enumerable
            .Range(0, 1000)
            .Select(_ => RetryBackoff.Delay(4, Base, Cap, random.NextDouble()))
            .ToList();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(16)));
        Assert.InRange(delays.Average(d => d.TotalSeconds), 7, 9); // uniform: mean ≈ ceiling / 2
    }
}
