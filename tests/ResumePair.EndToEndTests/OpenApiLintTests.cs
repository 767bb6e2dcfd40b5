using System.Diagnostics;
using System.Text.Json.Nodes;
using ResumePair.EndToEndTests.Topology;
using ResumePair.Testing;
using ResumePair.Testing.Topology;
using Xunit;
using Xunit.Abstractions;

namespace ResumePair.EndToEndTests;

/// <summary>
/// Every OpenAPI document a client reads through the gateway passes Redocly's recommended rules with no error
/// (`@redocly/cli` from npm, tests/tools/openapi-lint, installed by scripts/install.sh), and no internal route is in
/// any of them. Warnings are printed, not failed.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class OpenApiLintTests(TopologyFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_public_document_passes_redoclys_recommended_rules_without_errors()
    {
        var documents = await PublicOpenApi.FetchAsync(fixture.Topology.GatewayUrl);
        var folder = Directory.CreateTempSubdirectory("openapi-lint-");
        try
        {
            var failures = new List<string>();
            foreach (var (name, text) in documents)
            {
                var file = Path.Combine(folder.FullName, $"{name}.json");
                await File.WriteAllTextAsync(file, text);
                var (errors, warnings, report) = await LintAsync(file);
                output.WriteLine($"{name}: {errors} errors, {warnings} warnings");
                if (errors > 0) failures.Add($"{name}: {errors} errors\n{report}");
            }
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task No_public_document_lists_a_route_the_gateway_does_not_serve_publicly()
    {
        var documents = await PublicOpenApi.FetchAsync(fixture.Topology.GatewayUrl);

        var paths = PublicOpenApi.Operations(documents).Select(o => o.Path).Distinct().ToList();

        Assert.NotEmpty(paths);
        Assert.DoesNotContain(paths, p =>
            p.StartsWith("/internal", StringComparison.Ordinal)
            || p.StartsWith("/.well-known", StringComparison.Ordinal)
            || p.StartsWith("/api/v1/dev", StringComparison.Ordinal)
        );
    }

    /// <summary>Runs the linter and reads its JSON report's totals.</summary>
    private static async Task<(int Errors, int Warnings, string Report)> LintAsync(string file)
    {
        var tool = Path.Combine(RepositoryPaths.Root!, "tests", "tools", "openapi-lint");
        var redocly = Path.Combine(tool, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: run scripts/install.sh (npm ci in {tool})");
        var start = new ProcessStartInfo(redocly)
        {
            ArgumentList = { "lint", file, "--extends=recommended", "--format=json", "--max-problems=1000" },
            WorkingDirectory = tool,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["REDOCLY_TELEMETRY"] = "off",
                ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
                ["CI"] = "true",
            },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        var json = await stdout;
        var start0 = json.IndexOf('{');
        Assert.True(start0 >= 0, $"redocly printed no report (exit {process.ExitCode}): {await stderr}");
        var report = JsonNode.Parse(json[start0..])!;
        var totals = report["totals"]!;
        var problems = report["problems"]?.AsArray().Where(p => p?["severity"]?.GetValue<string>() == "error")
            .Select(p => $"  {p!["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}") ?? [];
        return (totals["errors"]!.GetValue<int>(), totals["warnings"]!.GetValue<int>(), string.Join('\n', problems));
    }
}
