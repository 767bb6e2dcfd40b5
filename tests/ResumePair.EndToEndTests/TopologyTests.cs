using System.Net;
using ResumePair.EndToEndTests.Topology;
using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.EndToEndTests;

[Collection(TopologyCollection.Name)]
public sealed class TopologyTests(TopologyFixture fixture)
{
    [Fact]
    public async Task The_gateway_reports_every_service_healthy()
    {
        using var client = fixture.CreateClient();

        var health = await client.SendJsonAsync(HttpMethod.Get, "/health", null, HttpStatusCode.OK);

        var checks = health["checks"]!
            .AsArray()
            .ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["status"]!.GetValue<string>());
        foreach (var service in new[] { "documents", "export-orchestrator", "pdf-renderer", "ai-proxy" })
            Assert.Equal("Healthy", checks[service]);
    }

    [Fact]
    public async Task The_ai_proxy_answers_offline_through_the_gateway()
    {
        using var client = fixture.CreateClient();
        await client.RegisterAsync();

        var enhanced = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/ai/enhance",
            new { text = "- responsible for building the billing service." }, HttpStatusCode.OK);

        Assert.Equal("Built the billing service", enhanced["text"]!.GetValue<string>());
        Assert.Equal("offline", enhanced["provider"]!.GetValue<string>());
    }

    [Fact]
    public void Every_service_and_the_infrastructure_run_as_separate_processes()
    {
        var commands = fixture
            .Topology.DescendantPids()
            .Select(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return "";
                }
            })
            .ToList();

        foreach (
            var project in new[]
            {
                "ResumePair.Gateway",
                "ResumePair.Documents",
                "ResumePair.ExportOrchestrator",
                "ResumePair.AiProxy",
            }
        )
            Assert.Single(commands, c => RunsService(c, project));
        Assert.Equal(2, commands.Count(c => RunsService(c, "ResumePair.PdfRenderer")));
        var infrastructure = fixture.Topology.CommandLinesUsingDataDirectory();
        Assert.Contains(infrastructure, c => c.Contains("postgres"));
        Assert.Contains(infrastructure, c => c.Contains("beam.smp"));
    }

    /// <summary>
    /// The service's own process: its apphost executable or `dotnet X.dll`, not the `dotnet run` wrapper DCP starts.
    /// </summary>
    private static bool RunsService(string command, string assembly) =>
        !command.Contains(" run ", StringComparison.Ordinal)
        && (Path.GetFileName(command.Split(' ', 2)[0]) == assembly
            || command.Contains($"{assembly}.dll", StringComparison.Ordinal));
}
