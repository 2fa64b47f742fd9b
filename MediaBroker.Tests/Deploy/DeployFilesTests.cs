using System.Text.RegularExpressions;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Tests.Conf;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace MediaBroker.Tests.Deploy;

/// <summary>
/// The Dockerfile, compose file, Kubernetes manifests and systemd unit are not run here (no Docker, no cluster): these
/// checks keep what they reference real — copied paths exist, the configurations they ship load without an error.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Root = ConfTestUtil.RepoRoot();

    [Fact]
    public void Dockerfile_CopiesOnlyPathsThatExist_AndBuildsTheSingleFile()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "Dockerfile"));
        var copies = lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)).ToList();
        copies.Should().NotBeEmpty();
        var destinations = new List<string>();
        foreach (var copy in copies)
        {
            var words = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            destinations.Add(words[^1]);
            if (words.Any(w => w.StartsWith("--from=", StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var source in words[1..^1].Where(w => !w.StartsWith("--", StringComparison.Ordinal)))
            {
                var full = Path.Combine(Root, source);
                (File.Exists(full) || Directory.Exists(full)).Should().BeTrue("the Dockerfile copies {0}", source);
            }
        }

        var publish = lines.Single(l => l.Contains("dotnet publish", StringComparison.Ordinal));
        var project = PublishProject().Match(publish).Groups[1].Value;
        File.Exists(Path.Combine(Root, project)).Should().BeTrue("the Dockerfile publishes {0}", project);
        publish.Should().Contain("-p:PublishSingleFile=true", "the image carries the same single file as the download");

        var entry = lines.Single(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        destinations.Should().Contain(d => entry.Contains('"' + d + '"', StringComparison.Ordinal), "the entry point is a copied file");
        var ignore = File.ReadAllLines(Path.Combine(Root, ".dockerignore"));
        ignore.Should().Contain("**/bin/", "local build outputs must not leak into the image");
    }

    [Fact]
    public void Compose_BuildsThisRepository_AndMountsAConfigurationThatLoads()
    {
        var dir = Path.Combine(Root, "deploy", "compose");
        var compose = LoadYaml(Path.Combine(dir, "docker-compose.yml")).Single();
        var service = (YamlMappingNode)((YamlMappingNode)compose["services"])["mediabroker"];
        Scalar(service, "network_mode").Should().Be("host", "UDP protocols and WebRTC need the host's ports and addresses");
        var build = (YamlMappingNode)service["build"];
        var context = Path.GetFullPath(Path.Combine(dir, Scalar(build, "context")));
        File.Exists(Path.Combine(context, Scalar(build, "dockerfile"))).Should().BeTrue();

        var mounts = ((YamlSequenceNode)service["volumes"]).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();
        var config = mounts.Single(m => m.StartsWith("./", StringComparison.Ordinal)).Split(':');
        config[1].Should().Be("/mediabroker.yml", "the image's default argument");
        var conf = ExpectLoads(File.ReadAllText(Path.Combine(dir, config[0])), "compose mediabroker.yml");

        // The broker's cluster directory is the compose file's own Redis.
        var redis = (YamlMappingNode)((YamlMappingNode)compose["services"])["redis"];
        Scalar(redis, "network_mode").Should().Be("host");
        var command = ((YamlSequenceNode)redis["command"]).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();
        conf.Cluster.Should().BeTrue();
        new Uri(conf.ClusterRedis).Port.Should().Be(int.Parse(command[command.IndexOf("--port") + 1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Kubernetes_DeploymentReadsItsConfigMap_WhichLoads_AndProbesARealRoute()
    {
        var docs = LoadYaml(Path.Combine(Root, "deploy", "kubernetes", "mediabroker.yaml"));
        var configMap = docs.Single(d => Scalar(d, "kind") == "ConfigMap");
        var deployment = docs.Single(d => Scalar(d, "kind") == "Deployment");
        var data = (YamlMappingNode)configMap["data"];
        ExpectLoads(Scalar(data, "mediabroker.yml"), "ConfigMap mediabroker.yml");

        var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"])["spec"];
        Scalar(pod, "hostNetwork").Should().Be("true");
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single();
        var mount = (YamlMappingNode)((YamlSequenceNode)container["volumeMounts"]).Children.Single();
        var argument = ((YamlScalarNode)((YamlSequenceNode)container["args"]).Children.Single()).Value!;
        argument.Should().Be(Scalar(mount, "mountPath") + "/mediabroker.yml", "the broker reads the ConfigMap's file");

        var probe = (YamlMappingNode)((YamlMappingNode)container["readinessProbe"])["httpGet"];
        MediaBroker.Api.ApiRouteTable.Fixed.Should().Contain(r => r.Method == "GET" && r.Pattern == Scalar(probe, "path"));
    }

    [Fact]
    public void SystemdUnit_StartsTheInstalledFile_WithAConfigurationPathTheBrokerKnows()
    {
        var unit = File.ReadAllLines(Path.Combine(Root, "deploy", "systemd", "mediabroker.service"));
        unit.Should().Contain(["[Unit]", "[Service]", "[Install]"]);
        var exec = unit.Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
        exec[0].Should().Be("/usr/local/bin/mediabroker");
        ConfLoader.SearchPaths.Should().Contain(exec[1], "the same file is found when the argument is left out");
        unit.Should().Contain(l => l.StartsWith("WorkingDirectory=/var/lib/mediabroker", StringComparison.Ordinal),
            "relative recordPath/logFile need a writable working directory");
    }

    private static BrokerConf ExpectLoads(string yaml, string name)
    {
        var result = ConfLoader.Load(yaml, ConfTestUtil.NoEnv, name);
        result.Errors.Should().BeEmpty();
        result.Warnings.Should().BeEmpty("{0} ships without deprecated or unsupported keys", name);
        return result.Conf!;
    }

    private static List<YamlMappingNode> LoadYaml(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    [GeneratedRegex(@"dotnet publish (\S+)")]
    private static partial Regex PublishProject();
}
