using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace MediaBroker.Tests;

/// <summary>
/// A tiny <c>authMethod: http</c> server: answers 200 when <c>allow</c> accepts the JSON payload MediaMTX sends
/// (ip, user, password, action, path, protocol...), 401 otherwise, and records every payload.
/// </summary>
internal sealed class HttpAuthTestServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<JsonElement, bool> _allow;
    private readonly Task _loop;

    private HttpAuthTestServer(int port, Func<JsonElement, bool> allow)
    {
        _allow = allow;
        Url = $"http://127.0.0.1:{port}/auth";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The value for <c>authHTTPAddress</c>.</summary>
    public string Url { get; }

    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    public static HttpAuthTestServer Start(Func<JsonElement, bool> allow)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new HttpAuthTestServer(port, allow);
    }

    /// <summary>A string field of a recorded payload ("" when absent or null).</summary>
    public static string Field(JsonElement request, string name) =>
        request.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

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
            ctx.Response.StatusCode = _allow(body) ? 200 : 401;
            ctx.Response.Close();
        }
    }
}
