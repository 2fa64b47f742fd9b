using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using MediaBroker.Tests.Conf;
using Xunit;

namespace MediaBroker.Tests.Metrics;

/// <summary>
/// docs/grafana-dashboard.json is only useful if every metric its queries name is one the broker exports. No Grafana
/// runs here; the queries' metric names are checked against a real broker's /metrics instead.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // PromQL words and label names that are not metric names.
    private static readonly HashSet<string> s_notMetrics =
        ["sum", "rate", "increase", "by", "or", "vector", "name", "path", "readerType"];

    [Fact]
    public async Task EveryMetricTheGrafanaDashboardQueries_IsExportedByTheBroker()
    {
        var queried = QueriedMetrics(File.ReadAllText(Path.Combine(ConfTestUtil.RepoRoot(), "docs", "grafana-dashboard.json")));
        queried.Should().Contain(["paths_readers", "mediabroker_api_conf_changes_total", "srt_conns_bytes_sent"], "the parse found the queries");

        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + """
            api: yes
            metrics: yes
            paths:
              all_others:

            """);
        var api = await broker.ListenerAsync("API");
        var metrics = await broker.ListenerAsync("metrics");
        using var http = new HttpClient { Timeout = Timeout };

        // The API-change counter exists once there has been a change.
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"http://127.0.0.1:{api.Port}/v3/config/global/patch")
        {
            Content = new StringContent("""{"readTimeout":"11s"}""", Encoding.UTF8, "application/json"),
        };
        (await http.SendAsync(patch)).EnsureSuccessStatusCode();

        var exported = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + Timeout;
        while (!exported.Contains("mediabroker_api_conf_changes_total"))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the API change is counted");
            exported.Clear();
            // Forward destinations are listed bare only when asked for by type (as MediaMTX), so ask for them too.
            foreach (var url in new[] { "/metrics", "/metrics?type=forward_dests" })
            {
                foreach (var line in (await http.GetStringAsync($"http://127.0.0.1:{metrics.Port}{url}")).Split('\n'))
                {
                    if (line.Length > 0 && line[0] != '#')
                    {
                        exported.Add(line.Split(' ', '{')[0]);
                    }
                }
            }

            await Task.Delay(200);
        }

        // RTSPS and RTMPS sections exist only with TLS configured; they have the same series as their plain twins.
        foreach (var name in queried)
        {
            var plain = name.Replace("rtsps_", "rtsp_", StringComparison.Ordinal).Replace("rtmps_", "rtmp_", StringComparison.Ordinal);
            exported.Should().Contain(plain, "the Grafana dashboard queries {0}", name);
        }
    }

    /// <summary>The metric names in every panel's expr, including those inside a {__name__=~"(a|b)_c"} selector.</summary>
    private static HashSet<string> QueriedMetrics(string json)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        foreach (var expr in Exprs(doc.RootElement))
        {
            foreach (Match m in NameRegex().Matches(expr))
            {
                foreach (var name in Expand(m.Groups[1].Value))
                {
                    names.Add(name);
                }
            }

            var withoutRegex = NameRegex().Replace(expr, "");
            foreach (Match m in Identifier().Matches(withoutRegex))
            {
                // Not Grafana variables ($__rate_interval), durations (24h), label values or PromQL words.
                var before = m.Index > 0 ? withoutRegex[m.Index - 1] : ' ';
                if (m.Value[0] != '$' && !char.IsDigit(before) && before != '$' && !s_notMetrics.Contains(m.Value)
                    && !withoutRegex[(m.Index + m.Length)..].StartsWith('"'))
                {
                    names.Add(m.Value);
                }
            }
        }

        return names;
    }

    /// <summary>Expands a regex like (rtsps?_sessions|hls_muxers)_outbound_bytes into every name it matches.</summary>
    private static IEnumerable<string> Expand(string pattern)
    {
        var group = Regex.Match(pattern, @"\(([^()]*)\)");
        if (!group.Success)
        {
            var optional = Regex.Match(pattern, @"(\w)\?");
            return optional.Success
                ? Expand(pattern[..optional.Index] + pattern[(optional.Index + 2)..])
                    .Concat(Expand(pattern[..optional.Index] + optional.Groups[1].Value + pattern[(optional.Index + 2)..]))
                : [pattern];
        }

        return group.Groups[1].Value.Split('|')
            .SelectMany(alt => Expand(pattern[..group.Index] + alt + pattern[(group.Index + group.Length)..]));
    }

    private static IEnumerable<string> Exprs(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "expr" && p.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return p.Value.GetString()!;
                    }
                    else
                    {
                        foreach (var x in Exprs(p.Value))
                        {
                            yield return x;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    foreach (var x in Exprs(item))
                    {
                        yield return x;
                    }
                }

                break;
        }
    }

    [GeneratedRegex("""\{__name__=~"([^"]+)"\}""")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"\$?[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();
}
