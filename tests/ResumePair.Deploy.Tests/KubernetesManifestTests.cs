using ResumePair.Deploy.Tests.Support;
using Xunit;

namespace ResumePair.Deploy.Tests;

/// <summary>deploy/k8s/base: required fields per kind, probes, limits, security, PDBs, autoscaling, network
/// exposure.</summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> ServiceNames => new(Topology.Services.Select(s => s.Name));

    private static readonly IReadOnlyList<YamlDocument> Base = DeployFiles.Base;

    [Fact]
    public void Every_yaml_file_under_deploy_is_well_formed()
    {
        Assert.NotEmpty(DeployFiles.YamlFiles);
        foreach (var file in DeployFiles.YamlFiles)
            Assert.NotNull(Yaml.Load(file, DeployFiles.Relative(file))); // throws with the file name
    }

    [Fact]
    public void Every_object_has_apiVersion_kind_and_a_valid_name()
    {
        var all = DeployFiles
            .YamlFiles.Where(f =>
                f.Contains("/k8s/", StringComparison.Ordinal)
                && !f.EndsWith("kustomization.yaml", StringComparison.Ordinal)
            )
            .SelectMany(f => Yaml.Load(f, DeployFiles.Relative(f)));
        foreach (var doc in all)
        {
            Assert.False(string.IsNullOrEmpty(doc.Root.Str("apiVersion")), $"{doc}: apiVersion missing");
            Assert.False(string.IsNullOrEmpty(doc.Kind), $"{doc}: kind missing");
            Assert.False(string.IsNullOrEmpty(doc.Name), $"{doc}: metadata.name missing");
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", doc.Name!);
            Assert.True(doc.Name!.Length <= 63, $"{doc}: name longer than 63");
        }
        var keys = Base.Select(d => $"{d.Kind}/{d.Name}").ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Api_versions_are_the_current_ones()
    {
        var expected = new Dictionary<string, string>
        {
            ["Deployment"] = "apps/v1", ["Service"] = "v1", ["ConfigMap"] = "v1", ["ServiceAccount"] = "v1",
            ["PodDisruptionBudget"] = "policy/v1", ["HorizontalPodAutoscaler"] = "autoscaling/v2",
            ["Ingress"] = "networking.k8s.io/v1", ["NetworkPolicy"] = "networking.k8s.io/v1",
            ["ScaledObject"] = "keda.sh/v1alpha1", ["TriggerAuthentication"] = "keda.sh/v1alpha1",
            ["Cluster"] = "postgresql.cnpg.io/v1", ["Database"] = "postgresql.cnpg.io/v1",
            ["RabbitmqCluster"] = "rabbitmq.com/v1beta1",
        };
        foreach (var doc in Base)
        {
            Assert.True(expected.TryGetValue(doc.Kind!, out var version), $"{doc}: unexpected kind");
            Assert.Equal(version, doc.Root.Str("apiVersion"));
        }
    }

    [Fact]
    public void No_secret_values_are_committed()
    {
        var all = DeployFiles.YamlFiles.SelectMany(f => Yaml.Load(f, DeployFiles.Relative(f)));
        Assert.DoesNotContain(all, d => d.Kind == "Secret");
    }

    [Fact]
    public void Every_container_has_an_image_and_cpu_memory_requests_and_limits()
    {
        foreach (var deployment in Base.OfKind("Deployment"))
        {
            var pod = PodSpec(deployment);
            var containers = pod.Maps("containers").Concat(pod.Maps("initContainers")).ToList();
            Assert.NotEmpty(containers);
            foreach (var container in containers)
            {
                var where = $"{deployment} container {container.Str("name")}";
                Assert.False(string.IsNullOrEmpty(container.Str("image")), $"{where}: no image");
                foreach (var section in new[] { "requests", "limits" })
                foreach (var resource in new[] { "cpu", "memory" })
                    Assert.False(
                        string.IsNullOrEmpty(container.Path($"resources.{section}")?.Str(resource)),
                        $"{where}: resources.{section}.{resource} missing"
                    );
            }
        }
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Service_deployment_runs_the_project_image_with_probes_on_alive_and_health(string service)
    {
        var deployment = Base.Named("Deployment", service);
        var pod = PodSpec(deployment);
        var container = Assert.Single(pod.Maps("containers"));
        Assert.Equal($"resumepair/{service}", container.Str("image"));
        var port = int.Parse(Assert.Single(container.Maps("ports")).Str("containerPort")!);
        Assert.Equal(8080, port); // ASPNETCORE_URLS in the ConfigMap and the image
        Assert.Equal(
            "http://+:8080",
            Base.Named("ConfigMap", "resumepair-common").Root.Obj("data")!.Str("ASPNETCORE_URLS")
        );

        AssertProbe(container, "livenessProbe", "/alive", port);
        AssertProbe(container, "readinessProbe", "/health", port);
        // Selector, template labels and Service selector agree, and the Service targets the container port.
        var selector = deployment.Root.Path("spec.selector.matchLabels")!;
        var labels = deployment.Root.Path("spec.template.metadata.labels")!;
        foreach (var (key, value) in selector) Assert.Equal(value, labels.Str(key));
        var kubeService = Base.Named("Service", service).Root;
        Assert.Equal(service, kubeService.Path("spec.selector")!.Str("app.kubernetes.io/name"));
        var servicePort = Assert.Single(kubeService.Path("spec")!.Maps("ports"));
        Assert.Equal("8080", servicePort.Str("port"));
        Assert.Contains(servicePort.Str("targetPort"), new[] { "http", "8080" });
        Assert.Equal(service, pod.Str("serviceAccountName"));
        Base.Named("ServiceAccount", service);
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Service_runs_as_non_root_with_a_read_only_root_filesystem(string service)
    {
        var pod = PodSpec(Base.Named("Deployment", service));
        Assert.Equal("true", pod.Obj("securityContext")?.Str("runAsNonRoot"));
        Assert.NotEqual("0", pod.Obj("securityContext")?.Str("runAsUser"));
        foreach (var container in pod.Maps("containers").Concat(pod.Maps("initContainers")))
        {
            var security = container.Obj("securityContext");
            Assert.NotNull(security);
            Assert.Equal("true", security.Str("readOnlyRootFilesystem"));
            Assert.Equal("false", security.Str("allowPrivilegeEscalation"));
            Assert.Contains("ALL", security.Obj("capabilities")!.Seq("drop").OfType<string>());
            // A read-only root needs somewhere to write: /tmp is an emptyDir (ResumePair__DataDirectory lives there).
            Assert.Contains(container.Maps("volumeMounts"), m => m.Str("mountPath") == "/tmp");
        }
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Services_with_migrations_run_them_in_an_init_container_of_the_same_image(string service)
    {
        var project = Topology.Service(service);
        var pod = PodSpec(Base.Named("Deployment", service));
        var init = pod.Maps("initContainers").ToList();
        if (!project.HasMigrations)
        {
            Assert.Empty(init);
            return;
        }
        var migrate = Assert.Single(init);
        Assert.Equal($"resumepair/{service}", migrate.Str("image"));
        Assert.Equal(["--migrate"], migrate.Seq("args").OfType<string>());
        // The migration needs the service's own database connection, nothing else.
        var names = migrate
            .Maps("env")
            .Select(e => e.Str("name"))
            .Where(n => n!.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
        Assert.Equal(
            project.EnvironmentReferences.Where(r =>
                r.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && r != "ConnectionStrings__messaging"
            ),
            names
        );
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Every_service_has_a_disruption_budget_that_selects_its_pods(string service)
    {
        var pdb = Base.Named("PodDisruptionBudget", service).Root;
        Assert.Equal(service, pdb.Path("spec.selector.matchLabels")!.Str("app.kubernetes.io/name"));
        Assert.True(pdb.Path("spec")!.ContainsKey("minAvailable") || pdb.Path("spec")!.ContainsKey("maxUnavailable"));
        var replicas = int.Parse(Base.Named("Deployment", service).Root.Path("spec")!.Str("replicas") ?? "1");
        if (pdb.Path("spec")!.Str("minAvailable") is { } min && int.TryParse(min, out var minimum))
            Assert.True(
                minimum < replicas,
                $"{service}: minAvailable {minimum} with {replicas} replicas blocks every drain"
            );
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Stateless_services_autoscale_on_cpu_and_renderers_on_queue_depth_only(string service)
    {
        var hpa = Base.OfKind("HorizontalPodAutoscaler")
            .SingleOrDefault(h => h.Root.Path("spec.scaleTargetRef")?.Str("name") == service);
        var scaled = Base.OfKind("ScaledObject")
            .SingleOrDefault(s => s.Root.Path("spec.scaleTargetRef")?.Str("name") == service);
        if (service == "pdf-renderer")
        {
            Assert.Null(hpa); // KEDA creates and owns the renderer's HPA; a second one would fight it
            Assert.NotNull(scaled);
            return;
        }
        Assert.Null(scaled);
        Assert.NotNull(hpa);
        var spec = hpa.Root.Path("spec")!;
        Assert.Equal("Deployment", spec.Obj("scaleTargetRef")!.Str("kind"));
        Assert.True(int.Parse(spec.Str("maxReplicas")!) > int.Parse(spec.Str("minReplicas")!));
        Assert.NotEmpty(spec.Seq("metrics"));
    }

    [Fact]
    public void Keda_scales_renderers_on_the_queue_the_renderer_consumes()
    {
        var scaled = Base.Named("ScaledObject", "pdf-renderer").Root;
        Assert.Equal("pdf-renderer", scaled.Path("spec.scaleTargetRef")!.Str("name"));
        var trigger = Assert.Single(scaled.Path("spec")!.Maps("triggers"));
        Assert.Equal("rabbitmq", trigger.Str("type"));
        Assert.Equal(RendererQueue.Name, trigger.Obj("metadata")!.Str("queueName"));
        Assert.Equal("QueueLength", trigger.Obj("metadata")!.Str("mode"));
        Assert.True(int.TryParse(trigger.Obj("metadata")!.Str("value"), out var target) && target > 0);

        // Credentials come from a TriggerAuthentication, never from the manifest itself.
        Assert.False(trigger.Obj("metadata")!.ContainsKey("host"));
        var auth = Base.Named("TriggerAuthentication", trigger.Obj("authenticationRef")!.Str("name")!).Root;
        Assert.Contains(auth.Path("spec")!.Maps("secretTargetRef"), r => r.Str("parameter") == "host");
        Assert.True(
            int.Parse(scaled.Path("spec")!.Str("minReplicaCount")!) >= 1,
            "renderers must not scale to zero: in-flight heartbeats need a worker"
        );
    }

    [Fact]
    public void Postgres_is_a_cloudnativepg_cluster_with_every_database_the_services_use()
    {
        var cluster = Base.Named("Cluster", "resumepair-pg").Root;
        var databases = new HashSet<string> { cluster.Path("spec.bootstrap.initdb")!.Str("database")! };
        foreach (var db in Base.OfKind("Database"))
        {
            Assert.Equal("resumepair-pg", db.Root.Path("spec.cluster")!.Str("name"));
            databases.Add(db.Root.Path("spec")!.Str("name")!);
        }
        var used = Topology
            .Services.SelectMany(s => s.EnvironmentReferences)
            .Where(r =>
                r.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && r != "ConnectionStrings__messaging"
            )
            .Select(r => r["ConnectionStrings__".Length..])
            .ToHashSet();
        Assert.Equal(used.Order(), databases.Order());
        // Every connection string points at the cluster's read-write service.
        foreach (
            var value in EnvValues()
                .Where(e =>
                    e.Name.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
                    && e.Name != "ConnectionStrings__messaging"
                )
        )
            Assert.Contains("Host=resumepair-pg-rw;", value.Value);
    }

    [Fact]
    public void RabbitMq_is_a_cluster_operator_RabbitmqCluster_that_the_services_use()
    {
        var cluster = Base.Named("RabbitmqCluster", "resumepair-mq").Root;
        Assert.NotNull(cluster.Path("spec.resources.limits"));
        foreach (var value in EnvValues().Where(e => e.Name == "ConnectionStrings__messaging"))
            Assert.Matches(@"^amqp://\$\(MQ_USER\):\$\(MQ_PASSWORD\)@resumepair-mq:5672/$", value.Value);
    }

    [Fact]
    public void Telemetry_goes_to_the_collector_over_otlp()
    {
        var endpoint = Base.Named("ConfigMap", "resumepair-common")
            .Root.Obj("data")!
            .Str("OTEL_EXPORTER_OTLP_ENDPOINT");
        var uri = new Uri(endpoint!);
        var collector = Base.Named("Service", uri.Host).Root;
        Assert.Contains(collector.Path("spec")!.Maps("ports"), p => p.Str("port") == uri.Port.ToString());
        Base.Named("Deployment", uri.Host);
        foreach (var service in Topology.Services)
        {
            var container = PodSpec(Base.Named("Deployment", service.Name)).Maps("containers").Single();
            Assert.Contains(container.Maps("envFrom"), e => e.Obj("configMapRef")?.Str("name") == "resumepair-common");
            Assert.Contains(container.Maps("env"), e =>
                e.Str("name") == "OTEL_SERVICE_NAME" && e.Str("value") == service.Name
            );
        }
    }

    [Fact]
    public void Only_the_gateway_is_public()
    {
        foreach (var ingress in Base.OfKind("Ingress"))
            foreach (var rule in ingress.Root.Path("spec")!.Maps("rules"))
                foreach (var path in rule.Path("http")!.Maps("paths"))
                    Assert.Equal("gateway", path.Path("backend.service")!.Str("name"));
        foreach (var service in Base.OfKind("Service"))
            Assert.Contains(service.Root.Path("spec")!.Str("type") ?? "ClusterIP", new[] { "ClusterIP" });

        var policies = Base.OfKind("NetworkPolicy").ToList();
        var deny = Assert.Single(policies, p =>
            p.Root.Path("spec.podSelector") is { Count: 0 } && !p.Root.Path("spec")!.ContainsKey("ingress")
        );
        Assert.Contains("Ingress", deny.Root.Path("spec")!.Seq("policyTypes").OfType<string>());
        // Traffic from other namespaces (the ingress controller, operators) is admitted only to the gateway and the
        // data services.
        foreach (var policy in policies)
        {
            var target = policy.Root.Path("spec.podSelector.matchLabels")?.Str("app.kubernetes.io/name");
            var fromOtherNamespaces = policy
                .Root.Path("spec")!
                .Maps("ingress")
                .SelectMany(i => i.Maps("from"))
                .Any(f => f.ContainsKey("namespaceSelector"));
            if (fromOtherNamespaces && target is not null)
                Assert.Contains(target, new[] { "gateway", "resumepair-mq" });
        }
        // Every internal service (where /internal lives) admits only pods of this product.
        foreach (var service in Topology.Services.Where(s => s.Name != "gateway"))
        {
            var policy = Assert.Single(policies, p =>
                p.Root.Path("spec.podSelector.matchLabels")?.Str("app.kubernetes.io/name") == service.Name
            );
            foreach (var from in policy.Root.Path("spec")!.Maps("ingress").SelectMany(i => i.Maps("from")))
                Assert.True(
                    from.ContainsKey("podSelector") && !from.ContainsKey("namespaceSelector"),
                    $"{policy}: admits traffic from outside the namespace"
                );
        }
        // The renderers' upload path: renderer -> export-orchestrator must be allowed.
        var orchestrator = policies.Single(p =>
            p.Root.Path("spec.podSelector.matchLabels")?.Str("app.kubernetes.io/name") == "export-orchestrator"
        );
        Assert.Contains("pdf-renderer", Admitted(orchestrator));
    }

    private static IEnumerable<string> Admitted(YamlDocument policy) =>
        policy
            .Root.Path("spec")!
            .Maps("ingress")
            .SelectMany(i => i.Maps("from"))
            .Select(f => f.Obj("podSelector"))
            .OfType<Map>()
            .SelectMany(s =>
                (
                    s.Obj("matchLabels")?.Str("app.kubernetes.io/name") is { } one
                        ? new[] { one }
                        : Array.Empty<string>()
                ).Concat(s.Maps("matchExpressions").SelectMany(e => e.Seq("values").OfType<string>()))
            );

    internal static Map PodSpec(YamlDocument deployment) =>
        deployment.Root.Path("spec.template.spec")
        ?? throw new Xunit.Sdk.XunitException($"{deployment}: no spec.template.spec");

    internal static IEnumerable<(string Deployment, string Name, string Value)> EnvValues() =>
        Base.OfKind("Deployment")
            .SelectMany(d =>
                PodSpec(d)
                    .Maps("containers")
                    .Concat(PodSpec(d).Maps("initContainers"))
                    .SelectMany(c => c.Maps("env"))
                    .Select(e => (d.Name!, e.Str("name")!, e.Str("value") ?? ""))
            );

    private static void AssertProbe(Map container, string probe, string path, int port)
    {
        var get = container.Path($"{probe}.httpGet");
        Assert.True(get is not null, $"{container.Str("name")}: {probe}.httpGet missing");
        Assert.Equal(path, get.Str("path"));
        Assert.Contains(get.Str("port"), new[] { port.ToString(), "http" });
    }
}
