using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResumePair.Testing.JsonResume;

/// <summary>
/// The official JSON Resume package (<c>@jsonresume/schema</c> from npm, a dev dependency of the web app so
/// <c>scripts/build-web.sh</c> installs it): its sample resumes, and its own <c>validate</c> run by Node, so a
/// conformance test checks what the format's authors check, not our reading of their schema.
/// </summary>
public static class OfficialJsonResume
{
    public static string PackageFolder
    {
        get
        {
            var folder = Path.Combine(
                RepositoryPaths.Root ?? throw new DirectoryNotFoundException("ResumePair.sln not found"),
                "gateway",
                "web",
                "node_modules",
                "@jsonresume",
                "schema"
            );
            return File.Exists(Path.Combine(folder, "validator.js"))
                ? folder
                : throw new FileNotFoundException(
                    $"{folder} is missing: run scripts/build-web.sh (npm ci of gateway/web)"
                );
        }
    }

    /// <summary>The package's sample resumes by name: <c>sample</c> and each of
    /// <c>examples/*.resume.json</c>.</summary>
    public static IReadOnlyDictionary<string, string> Samples()
    {
        var folder = PackageFolder;
        var samples = new SortedDictionary<string, string> { ["sample"] = Path.Combine(folder, "sample.resume.json") };
        foreach (var file in Directory.GetFiles(Path.Combine(folder, "examples"), "*.resume.json"))
            samples[Path.GetFileName(file)[..^".resume.json".Length]] = file;
        return samples;
    }

    public static JsonObject Sample(string name) => JsonNode.Parse(File.ReadAllText(Samples()[name]))!.AsObject();

    /// <summary>
    /// The official validator's verdict on each resume: an empty list when valid, else its messages
    /// ("instance.basics.email does not conform to the \"email\" format"). One Node process for the whole list.
    /// </summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> ValidateAsync(IReadOnlyList<JsonNode> resumes)
    {
        const string script = """
            const { validate } = require(process.argv[1]);
            let input = "";
            process.stdin.on("data", (d) => (input += d));
            process.stdin.on("end", () => {
              const verdicts = JSON.parse(input).map((resume) => {
                let messages = [];
                validate(resume, (errors) => { messages = (errors || []).map((e) => `${e.property} ${e.message}`); });
                return messages;
              });
              process.stdout.write(JSON.stringify(verdicts));
            });
            """;
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(PackageFolder);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        await node.StandardInput.WriteAsync(new JsonArray(resumes.Select(r => r.DeepClone()).ToArray()).ToJsonString());
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0)
            throw new InvalidOperationException($"node exited with {node.ExitCode}: {await errors}");
        return JsonSerializer.Deserialize<List<List<string>>>(await output)!;
    }

    public static async Task<IReadOnlyList<string>> ValidateAsync(JsonNode resume) =>
        (await ValidateAsync([resume]))[0];
}
