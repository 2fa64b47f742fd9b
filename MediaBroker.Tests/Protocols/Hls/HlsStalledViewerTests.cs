using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using MediaBroker.Bench;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Protocols.Hls;

/// <summary>
/// The stalls benchmark's "unread HLS body" viewer against the real broker: it asks for a segment many times in one write
/// (HTTP/1.1 pipelining), reads none of the answers until the broker's writes to it are stuck on a closed TCP window,
/// then closes its connection. Its viewer session must end as an idle viewer's does, 30 s after its last request
/// (docs/hls.md); it used to stay listed for 70 s and more, and to come back under a new id.
/// </summary>
public sealed class HlsStalledViewerTests(ITestOutputHelper output)
{
    private const string UserAgent = "mediabroker-test-stalled";

    /// <summary>The broker's quiet period for viewer sessions (MediaMTX's, not configurable).</summary>
    private static readonly TimeSpan SessionIdle = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the viewer holds the broker's writes before it closes (the benchmark's run: 15 s, its smoke test: 6 s).</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(12);

    /// <summary>From the last request until the session must be gone: the quiet period, the 1 s sweep, a loaded machine.</summary>
    private static readonly TimeSpan Bound = SessionIdle + TimeSpan.FromSeconds(7);

    [RequiresFfmpegFact]
    public async Task PipelinedUnreadRequests_ThenClose_SessionEndsWithinIdleTimeoutOfLastRequest()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "api: yes\nlogLevel: debug\npaths:\n  all_others:\n");
        try
        {
            await StallThenCloseAsync(broker);
        }
        finally
        {
            // The sessions' opened/closed lines (Debug) say when and why.
            output.WriteLine(broker.Process.Output);
        }
    }

    private async Task StallThenCloseAsync(BrokerProcess broker)
    {
        var rtsp = (await broker.ListenerAsync("RTSP")).Port;
        var hls = new IPEndPoint(IPAddress.Loopback, (await broker.ListenerAsync("HLS")).Port);
        var api = $"http://{await broker.ListenerAsync("API")}/v3/paths/get/cam";
        await using var publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp}/cam", 120, "-rtsp_transport", "tcp");
        await broker.Process.WaitForLineAsync(l => l.Contains("[path cam] stream is ready", StringComparison.Ordinal), Timeout);
        using var http = new HttpClient { Timeout = Timeout };

        long lastRequest;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
        try
        {
            await socket.ConnectAsync(hls).WaitAsync(Timeout);
            var reader = new RawHttp(socket);
            await reader.GetAsync("/cam/index.m3u8");
            var media = await reader.GetAsync("/cam/stream.m3u8");
            var segment = media.Split('\n').Select(l => l.Trim()).Last(l => l.Length != 0 && !l.StartsWith('#'));

            // 256 requests for the newest segment in one write: far more than the loopback socket buffers hold, so the
            // broker's answers block on our closed window while most requests still wait in its input.
            var one = Encoding.ASCII.GetBytes($"GET /cam/{segment} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {UserAgent}\r\n\r\n");
            var many = new byte[one.Length * 256];
            for (var i = 0; i < 256; i++)
            {
                one.CopyTo(many, i * one.Length);
            }

            await socket.SendAsync(many, SocketFlags.None).WaitAsync(Timeout);
            lastRequest = Stopwatch.GetTimestamp();
            var local = (IPEndPoint)socket.LocalEndPoint!;
            var stall = await PollAsync(() => Task.FromResult(TcpTable.ClosedWindow(TcpTable.Read(), local, hls)), Timeout, "the broker's writes should stall");
            output.WriteLine($"{segment}: {stall}");
            (await SessionsAsync(http, api)).Should().HaveCount(1, "the viewer's session is listed among the path's readers");

            // The stall itself, as long as the benchmark's: a broker that dates the session from the end of the blocked
            // answer, or from the leftover requests it serves once the connection is reset, keeps it ~42 s past our last request.
            await PollAsync(() => Task.FromResult(Stopwatch.GetElapsedTime(lastRequest) >= Stall ? "" : null), Stall + Timeout, "");
        }
        finally
        {
            // Unread bytes in our receive buffer: close() resets the connection (RFC 2525 §2.17), as the benchmark's did.
            socket.Dispose();
        }

        var gone = await PollAsync(async () => (await SessionsAsync(http, api)).Count == 0 ? "gone" : null, Bound - Stopwatch.GetElapsedTime(lastRequest),
            "the stalled viewer's session should end within 30 s of its last request (+7 s for the 1 s sweep and a loaded machine)");
        output.WriteLine($"session {gone} {Stopwatch.GetElapsedTime(lastRequest).TotalSeconds:F1} s after the last request");
    }

    /// <summary>The hlsSession readers the API lists on the path.</summary>
    private static async Task<List<string>> SessionsAsync(HttpClient http, string api)
    {
        var path = JsonNode.Parse(await http.GetStringAsync(api))!;
        return [.. path["readers"]!.AsArray().Where(r => r!["type"]!.GetValue<string>() == "hlsSession").Select(r => r!["id"]!.GetValue<string>())];
    }

    private static async Task<string> PollAsync(Func<Task<string?>> probe, TimeSpan timeout, string because)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (await probe() is { } seen)
            {
                return seen;
            }

            Stopwatch.GetTimestamp().Should().BeLessThan(deadline, because);
            await Task.Delay(200);
        }
    }

    /// <summary>One request at a time on a raw socket, each answer read whole (Content-Length): the stalled viewer's playlists.</summary>
    private sealed class RawHttp(Socket socket)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _end;

        public async Task<string> GetAsync(string target)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {UserAgent}\r\n\r\n"), SocketFlags.None)
                .WaitAsync(Timeout);
            int head;
            while ((head = _buffer.AsSpan(0, _end).IndexOf("\r\n\r\n"u8)) < 0)
            {
                await ReceiveAsync();
            }

            var lines = Encoding.ASCII.GetString(_buffer, 0, head).Split("\r\n");
            lines[0].Should().StartWith("HTTP/1.1 200", target);
            var length = int.Parse(lines.Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))[15..], CultureInfo.InvariantCulture);
            while (_end < head + 4 + length)
            {
                await ReceiveAsync();
            }

            var body = Encoding.UTF8.GetString(_buffer, head + 4, length);
            _end -= head + 4 + length;
            _buffer.AsSpan(head + 4 + length, _end).CopyTo(_buffer);
            return body;
        }

        private async Task ReceiveAsync()
        {
            var n = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).AsTask().WaitAsync(Timeout);
            n.Should().BePositive("the broker closed the connection");
            _end += n;
        }
    }
}
