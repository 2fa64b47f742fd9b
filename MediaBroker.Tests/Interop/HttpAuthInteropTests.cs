using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Interop;

/// <summary><c>authMethod: http</c> against a real HTTP auth server written in the test, driven by real clients.</summary>
public sealed class HttpAuthInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HttpAuth_ServerDecides_RightCredentialsPublishAndRead_WrongOnesRefused()
    {
        await using var auth = AuthServer.Start((user, pass, action) => user == "alice" && pass == "secret" && action is "publish" or "read");
        var yaml = BrokerProcess.LoopbackListeners + $"authMethod: http\nauthHTTPAddress: {auth.Url}\npaths:\n  all_others:\n";
        await using var broker = await BrokerProcess.StartAsync(yaml);
        var rtmp = await broker.ListenerAsync("RTMP");
        var url = $"rtmp://127.0.0.1:{rtmp.Port}/live/cam";

        await using (var wrong = MediaTools.PublishH264Aac("flv", url + "?user=alice&pass=nope", 5))
        {
            (await wrong.WaitForExitAsync(Timeout)).Should().NotBe(0);
        }

        await using var publisher = MediaTools.PublishH264Aac("flv", url + "?user=alice&pass=secret");
        var streams = await MediaTools.ProbeWhenReadyAsync(url + "?user=alice&pass=secret", Timeout);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320);

        var publish = auth.Requests.First(r => r.GetProperty("action").GetString() == "publish" && r.GetProperty("password").GetString() == "secret");
        publish.GetProperty("path").GetString().Should().Be("live/cam");
        publish.GetProperty("protocol").GetString().Should().Be("rtmp");
        publish.GetProperty("user").GetString().Should().Be("alice");
        publish.GetProperty("ip").GetString().Should().Be("127.0.0.1");
        publish.GetProperty("query").GetString().Should().Contain("user=alice");
        publish.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("ip", "user", "password", "token", "action", "path", "protocol", "id", "query", "userAgent");
        auth.Requests.Should().Contain(r => r.GetProperty("action").GetString() == "publish" && r.GetProperty("password").GetString() == "nope");
    }

    /// <summary>A tiny HTTP auth server: 200 when the rule allows, 401 otherwise; records every JSON payload.</summary>
    private sealed class AuthServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Func<string, string, string, bool> _allow;
        private readonly Task _loop;

        private AuthServer(int port, Func<string, string, string, bool> allow)
        {
            _allow = allow;
            Url = $"http://127.0.0.1:{port}/auth";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public ConcurrentQueue<JsonElement> Requests { get; } = new();

        public static AuthServer Start(Func<string, string, string, bool> allow)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new AuthServer(port, allow);
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var doc = await JsonDocument.ParseAsync(ctx.Request.InputStream);
                var body = doc.RootElement.Clone();
                Requests.Enqueue(body);
                var allowed = _allow(body.GetProperty("user").GetString() ?? "", body.GetProperty("password").GetString() ?? "",
                    body.GetProperty("action").GetString() ?? "");
                ctx.Response.StatusCode = allowed ? 200 : 401;
                ctx.Response.Close();
            }
        }
    }
}
