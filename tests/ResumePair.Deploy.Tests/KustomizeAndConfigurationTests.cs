using System.Text.RegularExpressions;
using ResumePair.Deploy.Tests.Support;
using Xunit;

namespace ResumePair.Deploy.Tests;

/// <summary>Kustomizations resolve, and every environment variable is a configuration key the code reads.</summary>
public sealed partial class KustomizeAndConfigurationTests
{
    private static List<string> KustomizationFiles() => Directory
        .EnumerateFiles(DeployFiles.K8sDirectory, "kustomization.yaml", SearchOption.AllDirectories)
        .Select(DeployFiles.Relative).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Kustomizations => new(KustomizationFiles());

    public static TheoryData<string> ServiceNames => new(Topology.Services.Select(s => s.Name));

    [Fact]
    public void There_is_a_base_and_dev_and_prod_overlays()
    {
        var found = KustomizationFiles();
        Assert.Contains("deploy/k8s/base/kustomization.yaml", found);
        Assert.Contains("deploy/k8s/overlays/dev/kustomization.yaml", found);
        Assert.Contains("deploy/k8s/overlays/prod/kustomization.yaml", found);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Kustomization_resources_and_patches_exist_and_name_real_objects(string relative)
    {
        var path = Topology.PathOf(relative);
        var directory = Path.GetDirectoryName(path)!;
        var kustomization = Yaml.Load(path, relative).Single().Root;
        Assert.Equal("kustomize.config.k8s.io/v1beta1", kustomization.Str("apiVersion"));
        Assert.Equal("Kustomization", kustomization.Str("kind"));

        var objects = Resolve(path).ToList();
        Assert.NotEmpty(objects);
        var listed = Directory.EnumerateFiles(directory, "*.yaml").Select(Path.GetFileName)
            .Where(f => f != "kustomization.yaml").ToHashSet();
        var used = kustomization.Seq("resources").OfType<string>()
            .Concat(kustomization.Maps("patches").Select(p => p.Str("path")).OfType<string>()).ToHashSet();
        Assert.Empty(listed.Except(used)); // a manifest nobody includes is a manifest nobody deploys

        foreach (var patch in kustomization.Maps("patches"))
        {
            if (patch.Str("path") is { } file)
            {
                Assert.True(File.Exists(Path.Combine(directory, file)), $"{relative}: patch {file} missing");
                foreach (var doc in Yaml.Load(Path.Combine(directory, file), file))
                    Assert.Contains(objects, o => o.Kind == doc.Kind && o.Name == doc.Name);
            }
            if (patch.Obj("target") is { } target)
            {
                var matches = objects
                    .Where(o =>
                        (target.Str("kind") is not { } k || o.Kind == k)
                        && (target.Str("name") is not { } n || o.Name == n)
                    )
                    .ToList();
                Assert.True(
                    matches.Count > 0,
                    $"{relative}: patch target {target.Str("kind")}/{target.Str("name")} matches nothing"
                );
                // JSON-patch replace/remove paths must exist in every target.
                if (patch.Str("patch") is { } ops && ops.TrimStart().StartsWith('-'))
                    foreach (var op in (List<object?>)Yaml.Convert(LoadNode(ops))!)
                    {
                        var operation = (Map)op!;
                        if (operation.Str("op") is "replace" or "remove")
                            foreach (var match in matches)
                                Assert.True(
                                    JsonPointerExists(match.Root, operation.Str("path")!),
                                    $"{relative}: {operation.Str("path")} not in {match}"
                                );
                    }
            }
        }

        var images = objects
            .OfKind("Deployment")
            .SelectMany(d =>
                KubernetesManifestTests
                    .PodSpec(d)
                    .Maps("containers")
                    .Concat(KubernetesManifestTests.PodSpec(d).Maps("initContainers"))
            )
            .Select(c => c.Str("image")!)
            .ToHashSet();
        foreach (var image in kustomization.Maps("images"))
        {
            Assert.Contains(image.Str("name")!, images);
            Assert.False(
                string.IsNullOrEmpty(image.Str("newTag")),
                $"{relative}: image {image.Str("name")} without a tag"
            );
        }
    }

    [Fact]
    public void Every_project_image_is_a_service_of_the_AppHost_and_every_service_has_one()
    {
        var images = DeployFiles
            .Base.OfKind("Deployment")
            .SelectMany(d =>
                KubernetesManifestTests
                    .PodSpec(d)
                    .Maps("containers")
                    .Concat(KubernetesManifestTests.PodSpec(d).Maps("initContainers"))
            )
            .Select(c => c.Str("image")!)
            .Where(i => i.StartsWith("resumepair/", StringComparison.Ordinal))
            .Select(i => i["resumepair/".Length..].Split(':')[0])
            .ToHashSet();
        Assert.Equal(Topology.Services.Select(s => s.Name).Order(), images.Order());
        // And every other image is one of the few third-party components, pinned.
        var thirdParty = DeployFiles
            .Base.OfKind("Deployment")
            .SelectMany(d => KubernetesManifestTests.PodSpec(d).Maps("containers"))
            .Select(c => c.Str("image")!)
            .Where(i => !i.StartsWith("resumepair/", StringComparison.Ordinal));
        foreach (var image in thirdParty)
            Assert.Matches(@":\d+(\.\d+)*$", image);
        var baseKustomization = Yaml.Load(Topology.PathOf("deploy/k8s/base/kustomization.yaml"), "base").Single().Root;
        Assert.Equal(
            images.Select(i => "resumepair/" + i).Order(),
            baseKustomization.Maps("images").Select(i => i.Str("name")!).Order()
        );
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Kubernetes_env_gives_each_service_exactly_the_references_the_AppHost_gives_it(string service)
    {
        var container = KubernetesManifestTests
            .PodSpec(DeployFiles.Base.Named("Deployment", service))
            .Maps("containers")
            .Single();
        var references = container.Maps("env").Select(e => e.Str("name")!).Where(IsReference).Order();
        Assert.Equal(Topology.Service(service).EnvironmentReferences.Order(), references);
        foreach (
            var env in container
                .Maps("env")
                .Where(e => e.Str("name")!.StartsWith("services__", StringComparison.Ordinal))
        )
        {
            var target = env.Str("name")!.Split("__")[1];
            Assert.Equal($"http://{target}:8080", env.Str("value"));
            DeployFiles.Base.Named("Service", target);
        }
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Compose_env_gives_each_service_exactly_the_references_the_AppHost_gives_it(string service)
    {
        var compose = DeployFiles.Compose.Obj("services")!.Obj(service);
        Assert.True(compose is not null, $"compose.yaml has no service {service}");
        var env = compose.Obj("environment")!;
        Assert.Equal(Topology.Service(service).EnvironmentReferences.Order(), env.Keys.Where(IsReference).Order());
        Assert.Equal(service, env.Str("OTEL_SERVICE_NAME"));
        foreach (var key in env.Keys.Where(k => k.StartsWith("services__", StringComparison.Ordinal)))
            Assert.Equal($"http://{key.Split("__")[1]}:8080", env.Str(key));
    }

    [Fact]
    public void Every_environment_variable_is_a_configuration_key_the_code_reads()
    {
        var names = new List<(string Where, string Name)>();
        foreach (var doc in DeployFiles.Base.OfKind("Deployment").Where(d => d.Name != "otel-collector"))
        foreach (
            var container in KubernetesManifestTests
                .PodSpec(doc)
                .Maps("containers")
                .Concat(KubernetesManifestTests.PodSpec(doc).Maps("initContainers"))
        )
            names.AddRange(container.Maps("env").Select(e => (doc.ToString(), e.Str("name")!)));
        names.AddRange(
            DeployFiles
                .Base.Named("ConfigMap", "resumepair-common")
                .Root.Obj("data")!
                .Keys.Select(k => ("ConfigMap resumepair-common", k))
        );
        foreach (var (name, service) in DeployFiles.Compose.Obj("services")!.Select(s => (s.Key, (Map)s.Value!)))
            if (service.Str("image") is { } image && image.StartsWith("resumepair/", StringComparison.Ordinal))
                names.AddRange(service.Obj("environment")!.Keys.Select(k => ($"compose {name}", k)));
        foreach (var dockerfile in Topology.Services.Select(s => DeployFiles.DockerfileOf(s.Name)))
        foreach (var env in dockerfile.Final.Instructions.Where(i => i.Keyword == "ENV"))
            names.AddRange(EnvAssignment().Matches(env.Arguments).Select(m => (dockerfile.File, m.Groups[1].Value)));

        Assert.NotEmpty(names);
        foreach (var (where, name) in names)
            Assert.True(IsKnownKey(name, out var why), $"{where}: {name} is not read by any service ({why})");
    }

    [Fact]
    public void Helper_variables_are_used_by_the_values_that_follow_them()
    {
        foreach (var doc in DeployFiles.Base.OfKind("Deployment"))
        foreach (
            var container in KubernetesManifestTests
                .PodSpec(doc)
                .Maps("containers")
                .Concat(KubernetesManifestTests.PodSpec(doc).Maps("initContainers"))
        )
        {
                var env = container.Maps("env").ToList();
                for (var i = 0; i < env.Count; i++)
                {
                    var name = env[i].Str("name")!;
                    // $(VAR) only expands variables defined earlier in the same list (or envFrom).
                    foreach (Match reference in Regex.Matches(env[i].Str("value") ?? "", @"\$\((\w+)\)"))
                        Assert.Contains(env.Take(i), e => e.Str("name") == reference.Groups[1].Value);
                if (HelperVariables.Contains(name))
                    Assert.Contains(env.Skip(i + 1), e =>
                        (e.Str("value") ?? "").Contains($"$({name})", StringComparison.Ordinal)
                    );
                }
            }
    }

    private static readonly HashSet<string> HelperVariables = ["DB_PASSWORD", "MQ_USER", "MQ_PASSWORD"];

    private static bool IsReference(string name) =>
        name.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
        || name.StartsWith("services__", StringComparison.Ordinal);

    private static bool IsKnownKey(string name, out string why)
    {
        why = "";
        if (HelperVariables.Contains(name)) return true;
        if (
            name
            is "ASPNETCORE_URLS"
                or "ASPNETCORE_ENVIRONMENT"
                or "DOTNET_NOLOGO"
                or "OTEL_SERVICE_NAME"
                or "OTEL_SERVICE_INSTANCE_ID"
                or "OTEL_EXPORTER_OTLP_ENDPOINT"
                or "ResumePair__DataDirectory"
                or "HOME"
                // Read by the runtime's socket engine and by the gateway (InlineIo).
                or "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"
        )
            return true;
        var parts = name.Split("__");
        if (parts[0] == "ConnectionStrings")
        {
            why = $"the code reads ConnectionStrings {string.Join(", ", Topology.ConnectionStringNames)}";
            return parts.Length == 2 && Topology.ConnectionStringNames.Contains(parts[1]);
        }
        if (parts[0] == "services")
        {
            why = "services__<AppHost project>__http__<index>";
            return parts.Length == 4
                && Topology.Services.Any(s => s.Name == parts[1])
                && parts[2] == "http"
                && int.TryParse(parts[3], out _);
        }
        if (Topology.OptionSections.TryGetValue(parts[0], out var properties))
        {
            why = $"{parts[0]} has {string.Join(", ", properties)}";
            return parts.Length >= 2 && properties.Contains(parts[1]);
        }
        why = "no options section of that name";
        return false;
    }

    /// <summary>The objects a kustomization produces before patches: its resources, recursively.</summary>
    private static IEnumerable<YamlDocument> Resolve(string kustomizationPath)
    {
        var directory = Path.GetDirectoryName(kustomizationPath)!;
        var kustomization = Yaml.Load(kustomizationPath, DeployFiles.Relative(kustomizationPath)).Single().Root;
        foreach (var resource in kustomization.Seq("resources").OfType<string>())
        {
            var target = Path.GetFullPath(Path.Combine(directory, resource));
            if (Directory.Exists(target))
            {
                var nested = Path.Combine(target, "kustomization.yaml");
                Assert.True(
                    File.Exists(nested),
                    $"{DeployFiles.Relative(kustomizationPath)}: {resource} has no kustomization.yaml"
                );
                foreach (var doc in Resolve(nested)) yield return doc;
            }
            else
            {
                Assert.True(
                    File.Exists(target),
                    $"{DeployFiles.Relative(kustomizationPath)}: resource {resource} does not exist"
                );
                foreach (var doc in Yaml.Load(target, DeployFiles.Relative(target))) yield return doc;
            }
        }
    }

    private static YamlDotNet.RepresentationModel.YamlNode LoadNode(string text)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents[0].RootNode;
    }

    private static bool JsonPointerExists(Map root, string pointer)
    {
        object? current = root;
        foreach (var raw in pointer.Trim('/').Split('/'))
        {
            var part = raw.Replace("~1", "/").Replace("~0", "~");
            current = current switch
            {
                Map m when m.TryGetValue(part, out var v) => v,
                List<object?> l when int.TryParse(part, out var i) && i < l.Count => l[i],
                _ => null,
            };
            if (current is null) return false;
        }
        return true;
    }

    [GeneratedRegex(@"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex EnvAssignment();
}
