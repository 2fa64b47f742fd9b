using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MediaBroker.Tests.Triggers;

/// <summary>
/// A trigger handler URL in the test: every POST is recorded (its X-Trigger name and payload) and answered with what
/// <c>answer</c> returns; a null answer never comes (the request is held until the server is disposed). Requests are
/// served concurrently, so a held one does not hold the others.
/// </summary>
internal sealed class TriggerTestServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string, string, string?> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private TriggerTestServer(int port, Func<string, string, string?> answer)
    {
        _answer = answer;
        Url = $"http://127.0.0.1:{port}/trigger";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<(string Trigger, string Payload)> Calls { get; } = new();

    /// <param name="answer">(trigger, payload) → the response body, or null to never answer.</param>
    public static TriggerTestServer Start(Func<string, string, string?> answer)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new TriggerTestServer(port, answer);
    }

    /// <summary>The payload lines of the calls of one trigger, in arrival order.</summary>
    public List<string[]> Payloads(string trigger) =>
        [.. Calls.Where(c => c.Trigger == trigger).Select(c => c.Payload.Split('\n'))];

    /// <summary>Waits until a call of <paramref name="trigger"/> matches.</summary>
    public async Task<string[]> WaitForAsync(string trigger, Func<string[], bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Payloads(trigger).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no matching {trigger} call; calls: " + string.Join(" | ", Calls.Select(c => c.Trigger + ": " + c.Payload.Replace('\n', '/'))));
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5)));
        _stop.Dispose();
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

            _ = Task.Run(() => ServeAsync(ctx));
        }
    }

    private async Task ServeAsync(HttpListenerContext ctx)
    {
        try
        {
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var payload = await reader.ReadToEndAsync();
            var trigger = ctx.Request.Headers["X-Trigger"] ?? "";
            Calls.Enqueue((trigger, payload));
            var answer = _answer(trigger, payload);
            if (answer is null)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }

            var body = Encoding.UTF8.GetBytes(answer);
            ctx.Response.StatusCode = 200;
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            // The server stopped or the broker gave up on this request.
        }
    }
}
