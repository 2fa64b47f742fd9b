using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Interop;

/// <summary><c>authMethod: jwt</c> with a JWKS served by a real local HTTP server, the token passed as <c>?token=</c>.</summary>
public sealed class JwtAuthInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task JwtAuth_TokenWithPermission_Publishes_TokenForOtherPathRefused()
    {
        using var rsa = RSA.Create(2048);
        await using var jwks = JwksServer.Start(rsa, "k1");
        var yaml = BrokerProcess.LoopbackListeners + $"authMethod: jwt\nauthJWTJWKS: {jwks.Url}\npaths:\n  all_others:\n";
        await using var broker = await BrokerProcess.StartAsync(yaml);
        var rtmp = await broker.ListenerAsync("RTMP");
        var url = $"rtmp://127.0.0.1:{rtmp.Port}/live/cam";

        var good = Token(rsa, "k1", [("publish", "live/cam"), ("read", "")]);
        var other = Token(rsa, "k1", [("publish", "live/other")]);

        await using (var refused = MediaTools.PublishH264Aac("flv", url + "?token=" + other, 5))
        {
            (await refused.WaitForExitAsync(Timeout)).Should().NotBe(0, "the token only grants another path");
        }

        await using var publisher = MediaTools.PublishH264Aac("flv", url + "?token=" + good);
        (await MediaTools.ProbeWhenReadyAsync(url + "?token=" + good, Timeout)).Should().Contain(s => s.Codec == "h264" && s.Frames > 10);
        jwks.Hits.Should().BeGreaterThan(0);
    }

    private static string Token(RSA rsa, string kid, (string Action, string Path)[] permissions)
    {
        var header = new { alg = "RS256", typ = "JWT", kid };
        var payload = new Dictionary<string, object>
        {
            ["sub"] = "alice",
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
            ["mediamtx_permissions"] = permissions.Select(p => new { action = p.Action, path = p.Path }).ToArray(),
        };
        var signingInput = B64(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + B64(signature);
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class JwksServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly byte[] _body;
        private readonly Task _loop;
        private int _hits;

        private JwksServer(int port, byte[] body)
        {
            _body = body;
            Url = $"http://127.0.0.1:{port}/jwks.json";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public int Hits => Volatile.Read(ref _hits);

        public static JwksServer Start(RSA rsa, string kid)
        {
            var p = rsa.ExportParameters(false);
            var jwks = new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid, n = B64(p.Modulus!), e = B64(p.Exponent!) } } };
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new JwksServer(port, JsonSerializer.SerializeToUtf8Bytes(jwks));
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

                Interlocked.Increment(ref _hits);
                ctx.Response.ContentType = "application/json";
                await ctx.Response.OutputStream.WriteAsync(_body);
                ctx.Response.Close();
            }
        }
    }
}
