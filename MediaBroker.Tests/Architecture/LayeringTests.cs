using System.Reflection;
using System.Text.RegularExpressions;
using FluentAssertions;
using MediaBroker.Core;
using NetArchTest.Rules;
using Xunit;

namespace MediaBroker.Tests.Architecture;

/// <summary>
/// The dependency rules of docs/DESIGN.md ("Layers"), checked on the compiled broker: every reference a type makes
/// (fields, signatures, method bodies, generated closures), not only its using lines.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Assembly Broker = typeof(PathManager).Assembly;

    private static readonly string[] ProtocolNames = [.. Broker.GetTypes()
        .Select(t => t.Namespace ?? "")
        .Select(n => Regex.Match(n, @"^MediaBroker\.Protocols\.(\w+)"))
        .Where(m => m.Success)
        .Select(m => m.Groups[1].Value)
        .Distinct()
        .Order(StringComparer.Ordinal)];

    public static TheoryData<string, string[]> Rules()
    {
        var data = new TheoryData<string, string[]>
        {
            // The media model and pure formats: bytes <-> model, nothing above them.
            { "Codecs", Except("Codecs") },
            { "Media", Except("Codecs", "Media") },
            { "Formats", Except("Codecs", "Media", "Formats") },
            { "Conf", Except("Conf") },
            { "Logging", Except("Logging") },
            // Core knows paths, streams, fan-out and queues, and no protocol, format, socket or control plane.
            { "Core", Except("Codecs", "Media", "Conf", "Core") },
            // Bridges turn units into shared wire items (and back) on formats; they know no protocol or socket.
            { "Streams", Except("Codecs", "Media", "Formats", "Conf", "Core", "Streams") },
            { "Net", Except("Conf", "Net") },
            // The recorder is one more reader of streams (it writes files with the shared segmenter and runs hooks), and
            // its store lists them for the playback server and the API.
            { "Record", Except("Codecs", "Media", "Formats", "Conf", "Core", "Streams", "Hooks", "Logging", "Record") },
            // Forwards and pushes are readers of streams that reach destinations through IStreamPusherFactory, never a protocol.
            { "Forward", Except("Codecs", "Media", "Conf", "Core", "Streams", "Logging", "Net", "Forward") },
            // The control plane sees protocols only through the interfaces protocols implement.
            { "Auth", Except("Codecs", "Media", "Conf", "Core", "Net", "Auth") },
            { "Hooks", Except("Codecs", "Media", "Conf", "Core", "Hooks") },
            { "Api", Except("Codecs", "Media", "Conf", "Core", "Net", "Auth", "Hooks", "Logging", "Record", "Forward", "Push", "Api") },
            { "Metrics", Except("Codecs", "Media", "Conf", "Core", "Net", "Auth", "Api", "Forward", "Push", "Metrics") },
            // Pushes (MistServer's push_start and auto-pushes, file targets) read streams like the recorder and reach
            // network destinations only through IStreamPusherFactory and Forward's PushSession; never a protocol.
            { "Push", Except("Codecs", "Media", "Formats", "Conf", "Core", "Streams", "Logging", "Forward", "Net", "Push") },
            // The web dashboard is control plane served by the API server: it sees paths, the servers' bound listeners
            // (Net), the auth service, the log feed and the API's helpers, never a protocol.
            { "Dashboard", Except("Conf", "Core", "Net", "Auth", "Api", "Logging", "Dashboard") },
            // The pprof-style diagnostics server looks at the runtime only: no path, stream or protocol.
            { "Diagnostics", Except("Conf", "Net", "Auth", "Api", "Diagnostics") },
            // The playback server is a server like a protocol: every layer below, Auth and Net, never a protocol.
            // The triggers are control plane: events from the core, the recorder and the hooks' connection reports, never a protocol.
            { "Triggers", Except("Codecs", "Media", "Conf", "Core", "Hooks", "Logging", "Metrics", "Record", "Triggers") },
            // The stream info and embed pages: paths from the core, every protocol's URLs through Core's IReadUrlSource,
            // served on the HLS and WebRTC listeners through Net's IHttpRequestHandler; never a protocol.
            { "Embed", Except("Codecs", "Media", "Core", "Net", "Auth", "Embed") },
            // The cluster directory is control plane: it sees paths through the core (IClusterDirectory, IPathAuthorizer),
            // the servers' bound listeners (Net) and the metrics sections, never a protocol.
            { "Cluster", Except("Conf", "Core", "Net", "Metrics", "Cluster") },
            { "Playback", Except("Codecs", "Media", "Formats", "Conf", "Core", "Streams", "Hooks", "Logging", "Net", "Auth", "Record", "Playback") },
        };
        foreach (var protocol in ProtocolNames)
        {
            // A protocol uses every layer below it but never another protocol, and nothing imports the composition root.
            data.Add("Protocols." + protocol, [.. ProtocolNames.Where(p => p != protocol).Select(p => "MediaBroker.Protocols." + p), "MediaBroker.Hosting"]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Layer_DependsOnlyOnWhatItMay(string layer, string[] forbidden)
    {
        var result = Types.InAssembly(Broker)
            .That().ResideInNamespaceMatching(NamespacePattern(layer))
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();

        result.SelectedTypesForTesting.Should().NotBeEmpty("layer {0} must exist", layer);
        result.IsSuccessful.Should().BeTrue("these types of {0} reach a forbidden layer: {1}", layer,
            string.Join(", ", (result.FailingTypes ?? []).Select(t => t.FullName).Take(20)));
    }

    [Fact]
    public void Protocols_AreFound()
    {
        ProtocolNames.Should().Contain(["Rtsp", "Rtmp", "Hls", "HttpStream", "WebRtc", "Srt", "Udp"]);
    }

    [Fact]
    public void Checker_SeesRealDependencies()
    {
        // Guards against a vacuous rule set: known, allowed dependencies must be visible to the same checker.
        Types.InAssembly(Broker).That().ResideInNamespaceMatching(NamespacePattern("Protocols.Rtsp"))
            .ShouldNot().HaveDependencyOnAny("MediaBroker.Core", "MediaBroker.Streams").GetResult()
            .IsSuccessful.Should().BeFalse();
        Types.InAssembly(Broker).That().ResideInNamespaceMatching(NamespacePattern("Hosting"))
            .ShouldNot().HaveDependencyOnAny("MediaBroker.Protocols.Srt").GetResult()
            .IsSuccessful.Should().BeFalse();
    }

    [Fact]
    public void OnlyTheRoot_ImportsHosting()
    {
        var result = Types.InAssembly(Broker)
            .That().ResideInNamespaceMatching(@"^MediaBroker\.(?!Hosting)\w+(\..*)?$")
            .ShouldNot().HaveDependencyOnAny("MediaBroker.Hosting")
            .GetResult();
        result.IsSuccessful.Should().BeTrue("{0}", string.Join(", ", (result.FailingTypes ?? []).Select(t => t.FullName).Take(20)));
    }

    private static string NamespacePattern(string layer) => "^MediaBroker\\." + Regex.Escape(layer) + @"(\..*)?$";

    /// <summary>Every top-level layer of the broker except the allowed ones.</summary>
    private static string[] Except(params string[] allowed)
    {
        var layers = Broker.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Select(n => Regex.Match(n, @"^MediaBroker\.(\w+)"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Distinct();
        return [.. layers.Where(l => !allowed.Contains(l)).Order(StringComparer.Ordinal).Select(l => "MediaBroker." + l)];
    }
}
