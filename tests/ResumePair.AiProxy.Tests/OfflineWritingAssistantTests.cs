using Xunit;
using ResumePair.AiProxy.Providers;

namespace ResumePair.AiProxy.Tests;

public sealed class OfflineWritingAssistantTests
{
    private readonly OfflineWritingAssistant _assistant = new();

    [Theory]
    [InlineData("- responsible for building the billing service.", "Built the billing service")]
    [InlineData("• worked on the mobile app", "Developed the mobile app")]
    [InlineData("I helped to migrate 40 services to Kubernetes", "Supported migrate 40 services to Kubernetes")]
    [InlineData("1) in charge of a team of 5", "Led a team of 5")]
    [InlineData("shipped the checkout redesign", "Shipped the checkout redesign")]
    public async Task Rewrites_weak_openings_and_tidies_punctuation(string input, string expected)
    {
        var bullets = await _assistant.EnhanceAsync(input, EnhanceStyle.Concise, CancellationToken.None);

        Assert.Equal(expected, Assert.Single(bullets).Text);
    }

    [Fact]
    public async Task Impact_style_asks_for_a_number_only_where_none_is_given()
    {
        var bullets = await _assistant.EnhanceAsync(
            "cut build time by 40%\nimproved onboarding",
            EnhanceStyle.Impact,
            CancellationToken.None
        );

        Assert.Equal(2, bullets.Count);
        Assert.DoesNotContain(bullets[0].Notes, n => n.StartsWith("Add a number"));
        Assert.Contains(bullets[1].Notes, n => n.StartsWith("Add a number"));
    }

    [Fact]
    public async Task Blank_lines_are_dropped_and_output_is_deterministic()
    {
        const string text = "\n  \n- made a dashboard\n\n";
        var first = await _assistant.EnhanceAsync(text, EnhanceStyle.Concise, CancellationToken.None);
        var second = await _assistant.EnhanceAsync(text, EnhanceStyle.Concise, CancellationToken.None);

        Assert.Equal("Built a dashboard", Assert.Single(first).Text);
        Assert.Equal(first.Select(b => b.Text), second.Select(b => b.Text));
    }
}
