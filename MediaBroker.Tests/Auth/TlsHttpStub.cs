using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MediaBroker.Tests.Auth;

/// <summary>
/// A minimal HTTPS server with a fresh self-signed certificate: every request on 127.0.0.1 gets
/// <c>200 OK</c> with <see cref="Body"/>, then the connection closes. Counts the requests it answered.
/// </summary>
internal sealed class TlsHttpStub : IAsyncDisposable
{
    private static readonly TimeSpan ServeTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _requests;

    public TlsHttpStub(string body = "", string contentType = "text/plain")
    {
        Body = body;
        ContentType = contentType;
        Certificate = CreateSelfSigned();
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public X509Certificate2 Certificate { get; }

    public string Body { get; }

    public string ContentType { get; }

    public int Requests => Volatile.Read(ref _requests);

    public string Url(string path) => $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    /// <summary>Lowercase hex SHA-256 of the DER certificate, MediaMTX's format.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Certificate.RawData));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop.WaitAsync(ServeTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        Certificate.Dispose();
    }

    internal static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=auth.test", key, HashAlgorithmName.SHA256);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(ServeTimeout);
        try
        {
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, timeout.Token);
            await ReadRequestAsync(tls, timeout.Token);
            Interlocked.Increment(ref _requests);
            var body = Encoding.UTF8.GetBytes(Body);
            var head = $"HTTP/1.1 200 OK\r\nContent-Type: {ContentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
            await tls.WriteAsync(body, timeout.Token);
            await tls.FlushAsync(timeout.Token);
        }
        catch (Exception e) when (e is IOException or AuthenticationException or OperationCanceledException or SocketException)
        {
            // A client that rejects the certificate aborts the handshake: nothing to answer.
        }
    }

    /// <summary>Reads the header block and a Content-Length body.</summary>
    private static async Task ReadRequestAsync(Stream stream, CancellationToken ct)
    {
        var data = new List<byte>();
        var buffer = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(data)) < 0)
        {
            var n = await stream.ReadAsync(buffer, ct);
            if (n == 0)
            {
                throw new IOException("connection closed inside the request headers");
            }

            data.AddRange(buffer.AsSpan(0, n));
        }

        var headers = Encoding.ASCII.GetString(data.GetRange(0, headerEnd).ToArray());
        var length = headers.Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var have = data.Count - (headerEnd + 4);
        while (have < length)
        {
            var n = await stream.ReadAsync(buffer, ct);
            if (n == 0)
            {
                throw new IOException("connection closed inside the request body");
            }

            have += n;
        }
    }

    private static int IndexOfHeaderEnd(List<byte> data)
    {
        for (var i = 0; i + 3 < data.Count; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
