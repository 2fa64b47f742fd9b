using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MediaBroker.Tests.Conf;

namespace MediaBroker.Tests.Cluster;

/// <summary>
/// nginx on a free loopback port running deploy/nginx/hls-cache.conf in front of one node's HLS listener: the file as
/// documented, with only the node's address, the listen port, the cache directory and the access log replaced.
/// </summary>
internal sealed partial class NginxHlsCache : IAsyncDisposable
{
    private readonly string _directory;

    private NginxHlsCache(string directory, int port, ExternalProcess process)
    {
        _directory = directory;
        Port = port;
        Process = process;
    }

    public int Port { get; }

    public ExternalProcess Process { get; }

    public string AccessLog => Path.Combine(_directory, "access.log");

    public static string DeployedConfigPath => Path.Combine(ConfTestUtil.RepoRoot(), "deploy", "nginx", "hls-cache.conf");

    public static async Task<NginxHlsCache> StartAsync(int nodeHlsPort)
    {
        var dir = Path.Combine(Path.GetTempPath(), "mb-hls-cache-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var port = FreePort();
        var site = await File.ReadAllTextAsync(DeployedConfigPath);
        site = ReplaceOnce(site, "server 127.0.0.1:8888;", $"server 127.0.0.1:{nodeHlsPort};");
        site = ReplaceOnce(site, "listen 8080;", $"listen 127.0.0.1:{port};");
        site = ReplaceOnce(site, "/var/cache/nginx/mediabroker-hls ", Path.Combine(dir, "cache") + " ");
        site = ReplaceOnce(site, "/var/log/nginx/mediabroker-hls.log", Path.Combine(dir, "access.log"));
        await File.WriteAllTextAsync(Path.Combine(dir, "hls-cache.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(dir, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log stderr warn;
            events { worker_connections 4096; }
            http {
                client_body_temp_path {{dir}}/client_body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                include {{dir}}/hls-cache.conf;
            }
            """);
        var process = ExternalProcess.Start(RequiresNginxFactAttribute.NginxPath, ["-e", "stderr", "-p", dir, "-c", Path.Combine(dir, "nginx.conf")], dir);
        var nginx = new NginxHlsCache(dir, port, process);
        try
        {
            await nginx.WaitForPortAsync();
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }

        return nginx;
    }

    /// <summary>The access log's lines from line <paramref name="skip"/> on.</summary>
    public IReadOnlyList<CacheLogLine> ReadLog(int skip = 0) =>
        File.Exists(AccessLog) ? File.ReadLines(AccessLog).Skip(skip).Select(CacheLogLine.Parse).ToList() : new List<CacheLogLine>();

    public int LogLineCount => File.Exists(AccessLog) ? File.ReadLines(AccessLog).Count() : 0;

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: nginx may still be closing its files.
        }
    }

    private async Task WaitForPortAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !Process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException ex)
            {
                throw new InvalidOperationException($"nginx did not listen on {Port}: {ex.Message}; it said: {Process.Output}");
            }
        }
    }

    private static string ReplaceOnce(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(from, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"{DeployedConfigPath} must contain \"{from}\" exactly once (the test replaces it)");
        }

        return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>One line of the mediabroker_hls log format.</summary>
    internal sealed partial record CacheLogLine(string CacheStatus, string UpstreamAddr, int Status, long Bytes, string Uri)
    {
        /// <summary>The node answered this request (nginx names an upstream address only when it asked one).</summary>
        public bool ReachedNode => UpstreamAddr != "-";

        public string Kind => Uri switch
        {
            _ when Uri.Contains(".m3u8", StringComparison.Ordinal) && Uri.Contains("_HLS_msn=", StringComparison.Ordinal) => "blocking playlist",
            _ when Uri.Contains(".m3u8", StringComparison.Ordinal) => "playlist",
            _ when Uri.Contains("/part", StringComparison.Ordinal) => "part",
            _ when Uri.Contains("/seg", StringComparison.Ordinal) => "segment",
            _ when Uri.Contains("/init", StringComparison.Ordinal) => "init",
            _ => "other",
        };

        public static CacheLogLine Parse(string line)
        {
            var m = LinePattern().Match(line);
            if (!m.Success)
            {
                throw new FormatException("not a mediabroker_hls log line: " + line);
            }

            return new CacheLogLine(m.Groups[1].Value, m.Groups[2].Value, int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture), m.Groups[5].Value);
        }

        // '$msec $upstream_cache_status $upstream_addr $status $body_bytes_sent "$request_uri"'; the address list may hold
        // ", " when nginx retried.
        [GeneratedRegex(@"^\S+ (\S+) (.+?) (\d{3}) (\d+) ""(.*)""$")]
        private static partial Regex LinePattern();
    }
}
