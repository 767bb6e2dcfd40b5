using ResumePair.Deploy.Tests.Support;
using Xunit;

namespace ResumePair.Deploy.Tests;

/// <summary>deploy/docker/*.Dockerfile and deploy/compose.yaml against the projects they package.</summary>
public sealed class DockerAndComposeTests
{
    public static TheoryData<string> ServiceNames => new(Topology.Services.Select(s => s.Name));

    [Fact]
    public void There_is_one_Dockerfile_per_service_and_no_other()
    {
        var files = Directory.EnumerateFiles(Path.Combine(DeployFiles.Directory, "docker"), "*.Dockerfile")
            .Select(f => Path.GetFileName(f)[..^".Dockerfile".Length]).Order();
        Assert.Equal(Topology.Services.Select(s => s.Name).Order(), files);
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Dockerfile_is_multi_stage_and_its_entrypoint_runs_the_project_assembly(string service)
    {
        var project = Topology.Service(service);
        var dockerfile = DeployFiles.DockerfileOf(service);
        Assert.True(dockerfile.Stages.Count >= 2, $"{dockerfile.File}: not multi-stage");
        var build = Assert.Single(dockerfile.Stages, s =>
            s.Instructions.Any(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish"))
        );
        var publish = build.Instructions.Single(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish"));
        var csproj = Directory.GetFiles(Topology.PathOf(project.ProjectDirectory), "*.csproj").Single();
        Assert.Contains($"{project.ProjectDirectory}/{Path.GetFileName(csproj)}", publish.Arguments);
        Assert.Contains("-c Release", publish.Arguments);
        // no SDK in the runtime image
        Assert.DoesNotContain("sdk", dockerfile.Final.From, StringComparison.OrdinalIgnoreCase);

        var entrypoint = Dockerfile.ExecForm(
            Assert.Single(dockerfile.Final.Instructions, i => i.Keyword == "ENTRYPOINT").Arguments
        );
        Assert.NotNull(entrypoint);
        Assert.Equal(["dotnet", project.AssemblyName + ".dll"], entrypoint);
        // The published output is copied to the WORKDIR the entrypoint runs in.
        var workdir = dockerfile.Final.Instructions.Last(i => i.Keyword == "WORKDIR").Arguments;
        Assert.Contains(dockerfile.Final.Instructions, i =>
            i.Keyword == "COPY" && i.Arguments.Contains($"--from={build.Name}") && i.Arguments.Contains("/app")
        );
        Assert.Equal("/app", workdir);
        Assert.Contains("-o /app", publish.Arguments);
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Dockerfile_runs_as_a_numeric_non_root_user_with_a_healthcheck_and_listens_on_8080(string service)
    {
        var final = DeployFiles.DockerfileOf(service).Final;
        var user = final.Instructions.Last(i => i.Keyword == "USER").Arguments.Split(':')[0];
        Assert.True(
            int.TryParse(user, out var uid) && uid > 0,
            $"USER {user}: Kubernetes' runAsNonRoot needs a numeric non-zero uid"
        );
        var k8sUser = KubernetesManifestTests
            .PodSpec(DeployFiles.Base.Named("Deployment", service))
            .Obj("securityContext")!
            .Str("runAsUser");
        Assert.Equal(uid.ToString(), k8sUser);

        var health = Assert.Single(final.Instructions, i => i.Keyword == "HEALTHCHECK").Arguments;
        Assert.Matches(@"CMD .*http://127\.0\.0\.1:8080/(alive|health)", health);
        // what the check runs
        Assert.Contains(final.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("curl"));
        Assert.Contains(final.Instructions, i =>
            i.Keyword == "ENV" && i.Arguments.Contains("ASPNETCORE_URLS=http://+:8080")
        );
        Assert.Contains(final.Instructions, i => i.Keyword == "EXPOSE" && i.Arguments == "8080");
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Dockerfile_copies_only_paths_that_exist_in_the_repository(string service)
    {
        foreach (var stage in DeployFiles.DockerfileOf(service).Stages)
            foreach (var copy in stage.Instructions.Where(i => i.Keyword == "COPY" && !i.Arguments.Contains("--from=")))
            {
            var parts = copy
                .Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(p => !p.StartsWith("--"))
                .ToList();
                foreach (var source in parts.Take(parts.Count - 1))
                {
                // Sources are relative to the build context (the repository root) or, in the web stage, to gateway/web.
                    var candidates = new[] { source, Path.Combine("gateway/web", source) };
                Assert.True(
                    candidates.Any(c => File.Exists(Topology.PathOf(c)) || Directory.Exists(Topology.PathOf(c))),
                    $"{service}.Dockerfile:{copy.Line}: COPY source {source} does not exist"
                );
                }
            }
    }

    [Fact]
    public void Renderer_image_has_debian_chromium_and_the_template_fonts_and_never_downloads_a_browser()
    {
        var final = DeployFiles.DockerfileOf("pdf-renderer").Final;
        Assert.StartsWith("debian:", final.From);
        var install = string.Join(' ', final.Instructions.Where(i => i.Keyword == "RUN").Select(i => i.Arguments));
        // The fonts FontLibrary links and scripts/install.sh installs, and the browser itself.
        var installScript = File.ReadAllText(Topology.PathOf("scripts/install.sh"));
        foreach (
            var package in new[]
            {
                "chromium",
                "fonts-dejavu-core",
                "fonts-liberation2",
                "fonts-noto-core",
                "fonts-noto-cjk",
            }
        )
        {
            Assert.Contains(package, installScript);
            Assert.Contains($" {package}", install);
        }
        var env = string.Join(' ', final.Instructions.Where(i => i.Keyword == "ENV").Select(i => i.Arguments));
        Assert.Contains("Renderer__ExecutablePath=/usr/bin/chromium", env);
        Assert.DoesNotContain(final.Instructions, i =>
            i.Arguments.Contains("playwright", StringComparison.OrdinalIgnoreCase)
        ); // no driver, no browser download
        Assert.Equal("/usr/bin/chromium", new ResumePair.PdfRenderer.RendererOptions().ExecutablePath);
    }

    [Fact]
    public void Gateway_image_builds_the_web_app_into_wwwroot()
    {
        var dockerfile = DeployFiles.DockerfileOf("gateway");
        var web = Assert.Single(dockerfile.Stages, s => s.From.StartsWith("node:", StringComparison.Ordinal));
        Assert.Contains(web.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("npm ci"));
        Assert.Contains(web.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("npm run build"));
        Assert.Contains(dockerfile.Stages.SelectMany(s => s.Instructions), i =>
            i.Keyword == "COPY"
            && i.Arguments.Contains($"--from={web.Name}")
            && i.Arguments.Contains("ResumePair.Gateway/wwwroot")
        );
        Assert.Contains(
            "../ResumePair.Gateway/wwwroot",
            File.ReadAllText(Topology.PathOf("gateway/web/vite.config.ts"))
        );
    }

    [Fact]
    public void Compose_has_every_service_the_data_services_a_collector_and_two_renderers()
    {
        var services = DeployFiles.Compose.Obj("services")!;
        foreach (var project in Topology.Services)
        {
            var service = services.Obj(project.Name);
            Assert.True(service is not null, $"compose: no {project.Name}");
            Assert.Equal($"resumepair/{project.Name}:${{TAG:-dev}}", service.Str("image"));
            Assert.Equal("true", service.Str("read_only"));
            Assert.Equal("http://+:8080", service.Obj("environment")!.Str("ASPNETCORE_URLS"));
            Assert.Equal("http://otel-collector:4317", service.Obj("environment")!.Str("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }
        Assert.NotNull(services.Obj("postgres"));
        Assert.Contains("management", services.Obj("rabbitmq")!.Str("image"));
        Assert.NotNull(services.Obj("otel-collector"));
        Assert.Equal("2", services.Obj("pdf-renderer")!.Path("deploy")!.Str("replicas"));
        Assert.Equal(["8080:8080"], services.Obj("gateway")!.Seq("ports").OfType<string>());
        // Only the gateway (and the broker's management UI, on loopback) is published.
        foreach (var (name, value) in services)
            if (name is not "gateway" and not "rabbitmq")
                Assert.Empty(((Map)value!).Seq("ports"));

        var databases = File.ReadAllText(Path.Combine(DeployFiles.Directory, "postgres", "init-databases.sql"));
        foreach (var db in Topology.ConnectionStringNames.Where(n => n != "messaging"))
            Assert.Contains($"CREATE DATABASE {db};", databases);
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Compose_migrates_before_starting_and_builds_each_image_once(string service)
    {
        var services = DeployFiles.Compose.Obj("services")!;
        var project = Topology.Service(service);
        var migrate = services.Obj($"{service}-migrate");
        var builds = services
            .Where(s =>
                ((Map)s.Value!).Str("image") == $"resumepair/{service}:${{TAG:-dev}}"
                && ((Map)s.Value!).ContainsKey("build")
            )
            .ToList();
        var build = Assert.Single(builds).Value as Map;
        Assert.Equal($"deploy/docker/{service}.Dockerfile", build!.Obj("build")!.Str("dockerfile"));
        Assert.Equal("..", build.Obj("build")!.Str("context"));
        if (!project.HasMigrations)
        {
            Assert.Null(migrate);
            return;
        }
        Assert.NotNull(migrate);
        Assert.Equal(["--migrate"], migrate.Seq("command").OfType<string>());
        Assert.Equal(
            "service_completed_successfully",
            services.Obj(service)!.Path($"depends_on.{service}-migrate")?.Str("condition")
        );
    }

    [Fact]
    public void Collector_configs_receive_otlp_on_the_port_the_services_send_to()
    {
        foreach (
            var config in new[]
            {
                Yaml.Load(Path.Combine(DeployFiles.Directory, "otel-collector", "config.yaml"), "compose collector")
                    .Single()
                    .Root,
                Yaml.Parse(
                        new StringReader(
                            DeployFiles.Base.Named("ConfigMap", "otel-collector").Root.Obj("data")!.Str("config.yaml")!
                        ),
                        "k8s collector"
                    )
                    .Single()
                    .Root,
            }
        )
        {
            Assert.Equal("0.0.0.0:4317", config.Path("receivers.otlp.protocols.grpc")!.Str("endpoint"));
            foreach (var pipeline in new[] { "traces", "metrics", "logs" })
                Assert.Contains(
                    "otlp",
                    config.Path($"service.pipelines.{pipeline}")!.Seq("receivers").OfType<string>()
                );
        }
    }

    [Fact]
    public void The_build_context_leaves_out_local_build_output_and_data()
    {
        var ignore = File.ReadAllLines(Topology.PathOf(".dockerignore")).Select(l => l.Trim()).ToHashSet();
        // bin/obj carry the host's restore (project.assets.json with host paths): copied into the SDK stage they break
        // `dotnet publish --no-restore`.
        foreach (var pattern in new[] { "**/bin/", "**/obj/", "**/node_modules/", ".data/", ".git/" })
            Assert.Contains(pattern, ignore);
    }
}
