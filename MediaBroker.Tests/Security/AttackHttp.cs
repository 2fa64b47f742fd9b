using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FluentAssertions;

namespace MediaBroker.Tests.Security;

/// <summary>
/// HTTP requests written byte for byte on a socket: HttpClient normalises targets (it decodes <c>%2e</c> and removes
/// dot segments), which would hide exactly what the attack tests send.
/// </summary>
internal static class AttackHttp
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Sends <paramref name="target"/> verbatim in the request line and reads the whole answer (Connection: close).</summary>
    public static async Task<HttpAnswer> SendAsync(IPEndPoint server, string target, string method = "GET", string headers = "", string body = "")
    {
        using var tcp = new TcpClient();
        using var cts = new CancellationTokenSource(Timeout);
        await tcp.ConnectAsync(server, cts.Token);
        var stream = tcp.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\n{headers}"
            + (body.Length > 0 ? $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n" : "") + "\r\n" + body;
        var started = Stopwatch.GetTimestamp();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), cts.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, cts.Token);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var text = Encoding.UTF8.GetString(received.ToArray());
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        space.Should().BePositive($"{method} {target} gets an HTTP status line, got '{text}'");
        var status = int.Parse(text.AsSpan(space + 1, 3), CultureInfo.InvariantCulture);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return new HttpAnswer(status, split < 0 ? text : text[..split], split < 0 ? "" : text[(split + 4)..], elapsed);
    }

    public static string Basic(string user, string pass) =>
        "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{pass}")) + "\r\n";

    /// <summary>An answer to a refused or odd request says why in a word, never how the server is built or configured.</summary>
    public static void ShouldLeakNothing(string text, string what, params string[] secrets)
    {
        text.Should().NotContain("Exception", what).And.NotContain("   at ", what).And.NotContain("MediaBroker.", what)
            .And.NotContain("/tmp/", what).And.NotContain("mediabroker.yml", what);
        foreach (var secret in secrets)
        {
            text.Should().NotContain(secret, what);
        }
    }
}

internal sealed record HttpAnswer(int Status, string Head, string Body, TimeSpan Elapsed);
