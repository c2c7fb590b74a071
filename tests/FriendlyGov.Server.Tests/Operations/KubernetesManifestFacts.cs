using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace FriendlyGov.Server.Tests.Operations;

/// <summary>
/// deploy/kubernetes read as Kubernetes would read it, without a cluster: every document parsed, then
/// what the operators rely on checked structurally — replicas, probes on /healthz, resources, the
/// migration Job, the two Services, the disruption budget, the Secret, non-root and a read-only root.
/// </summary>
public sealed class KubernetesManifestFacts
{
    private static readonly string Folder = Path.Combine(Repository.Root, "deploy", "kubernetes");

    private static readonly List<JsonElement> Documents = Directory.GetFiles(Folder, "*.yaml").Order().SelectMany(Parse).ToList();

    [Fact]
    public void TheKustomizationListsEveryManifestButTheMigrationJobWhichRunsBeforeIt()
    {
        var kustomization = Single("Kustomization");
        var listed = kustomization.GetProperty("resources").EnumerateArray().Select(r => r.GetString()!).Order();
        var files = Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).Where(f => f is not ("kustomization.yaml" or "migrate-job.yaml")).Order();

        Assert.Equal(files, listed);
    }

    [Fact]
    public void TheDeploymentRunsTwoOrMoreReplicasWithProbesOnHealthzAndResources()
    {
        var deployment = Single("Deployment");
        var pod = deployment.GetProperty("spec").GetProperty("template").GetProperty("spec");
        var server = pod.GetProperty("containers").EnumerateArray().Single();
        var ports = server.GetProperty("ports").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("containerPort").GetString());

        Assert.True(int.Parse(deployment.GetProperty("spec").GetProperty("replicas").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.Equal("0", deployment.GetProperty("spec").GetProperty("strategy").GetProperty("rollingUpdate").GetProperty("maxUnavailable").GetString());
        Assert.Equal(("/healthz/ready", "web"), Probe(server, "readinessProbe"));
        Assert.Equal(("/healthz/live", "web"), Probe(server, "livenessProbe"));
        Assert.Equal(("/healthz/live", "web"), Probe(server, "startupProbe"));
        Assert.Equal(["grpc", "metrics", "web"], ports.Keys.Order());
        var env = Environment(server);
        Assert.Equal($"http://0.0.0.0:{ports["web"]}", env["Kestrel__Endpoints__Web__Url"]);
        Assert.Equal($"http://0.0.0.0:{ports["grpc"]}", env["Kestrel__Endpoints__Grpc__Url"]);
        Assert.Equal("Http2", env["Kestrel__Endpoints__Grpc__Protocols"]);
        Assert.Equal($"http://0.0.0.0:{ports["metrics"]}", env["Kestrel__Endpoints__Metrics__Url"]);
        var requests = server.GetProperty("resources").GetProperty("requests");
        Assert.True(requests.TryGetProperty("cpu", out _) && requests.TryGetProperty("memory", out _));
        Assert.True(server.GetProperty("resources").GetProperty("limits").TryGetProperty("memory", out _));

        // The orchestrator's grace period outlasts the server's own shutdown limit.
        Assert.True(int.Parse(pod.GetProperty("terminationGracePeriodSeconds").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            > int.Parse(env["Shutdown__TimeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheServerAndTheMigrationJobRunTheSameImageAsNonRootOnAReadOnlyRootWithTheConnectionStringFromTheSecret()
    {
        var secret = Single("Secret");
        var secretName = secret.GetProperty("metadata").GetProperty("name").GetString();
        var secretKeys = secret.GetProperty("stringData").EnumerateObject().Select(p => p.Name).ToList();
        var job = Single("Job");
        var jobContainer = job.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers").EnumerateArray().Single();
        Assert.Equal(["migrate"], jobContainer.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("Never", job.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("restartPolicy").GetString());

        foreach (var workload in new[] { Single("Deployment"), job })
        {
            var pod = workload.GetProperty("spec").GetProperty("template").GetProperty("spec");
            var container = pod.GetProperty("containers").EnumerateArray().Single();
            Assert.Equal("friendlygov", container.GetProperty("image").GetString());
            Assert.Equal("true", pod.GetProperty("securityContext").GetProperty("runAsNonRoot").GetString());
            Assert.NotEqual("0", pod.GetProperty("securityContext").GetProperty("runAsUser").GetString());
            var security = container.GetProperty("securityContext");
            Assert.Equal("true", security.GetProperty("readOnlyRootFilesystem").GetString());
            Assert.Equal("false", security.GetProperty("allowPrivilegeEscalation").GetString());
            Assert.Equal(["ALL"], security.GetProperty("capabilities").GetProperty("drop").EnumerateArray().Select(c => c.GetString()));

            // .NET writes its diagnostics socket and temporary files under /tmp: a writable volume, the root stays read-only.
            Assert.Contains(container.GetProperty("volumeMounts").EnumerateArray(), m => m.GetProperty("mountPath").GetString() == "/tmp");

            Assert.Equal("PostgreSql", Environment(container)["Database__Provider"]);
            var connection = container.GetProperty("env").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "ConnectionStrings__FriendlyGov");
            var reference = connection.GetProperty("valueFrom").GetProperty("secretKeyRef");
            Assert.Equal(secretName, reference.GetProperty("name").GetString());
            Assert.Contains(reference.GetProperty("key").GetString(), secretKeys);
        }
    }

    [Fact]
    public void TheWebAndTheGrpcPortsHaveAServiceEachAndTheBudgetKeepsAReplicaServing()
    {
        var deployment = Single("Deployment");
        var podLabels = Labels(deployment.GetProperty("spec").GetProperty("template").GetProperty("metadata").GetProperty("labels"));
        var services = Documents.Where(d => Kind(d) == "Service").ToDictionary(s => s.GetProperty("spec").GetProperty("ports").EnumerateArray().Single().GetProperty("targetPort").GetString()!);

        Assert.Equal(["grpc", "web"], services.Keys.Order());
        Assert.Equal("kubernetes.io/h2c", services["grpc"].GetProperty("spec").GetProperty("ports")[0].GetProperty("appProtocol").GetString());
        Assert.All(services.Values, s => Assert.Subset(podLabels, Labels(s.GetProperty("spec").GetProperty("selector"))));

        var budget = Single("PodDisruptionBudget");
        Assert.Subset(podLabels, Labels(budget.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels")));
        Assert.True(int.Parse(budget.GetProperty("spec").GetProperty("minAvailable").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            < int.Parse(deployment.GetProperty("spec").GetProperty("replicas").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static JsonElement Single(string kind) => Documents.Single(d => Kind(d) == kind);

    private static string? Kind(JsonElement document) => document.GetProperty("kind").GetString();

    private static (string?, string?) Probe(JsonElement container, string name)
    {
        var get = container.GetProperty(name).GetProperty("httpGet");
        return (get.GetProperty("path").GetString(), get.GetProperty("port").GetString());
    }

    private static Dictionary<string, string> Environment(JsonElement container) => container.GetProperty("env").EnumerateArray()
        .Where(e => e.TryGetProperty("value", out _))
        .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetString()!);

    private static HashSet<string> Labels(JsonElement labels) => [.. labels.EnumerateObject().Select(l => $"{l.Name}={l.Value.GetString()}")];

    /// <summary>Every document of a YAML file, as JSON (scalars as strings).</summary>
    private static IEnumerable<JsonElement> Parse(string file)
    {
        var deserializer = new DeserializerBuilder().Build();
        var json = new SerializerBuilder().JsonCompatible().Build();
        var parser = new Parser(new StringReader(File.ReadAllText(file)));
        parser.Consume<StreamStart>();
        var documents = new List<JsonElement>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<object>(parser);
            Assert.True(document is not null, $"an empty document in {file}");
            documents.Add(JsonDocument.Parse(json.Serialize(document)).RootElement);
        }

        return documents;
    }
}
