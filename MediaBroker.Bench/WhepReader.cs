using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Formats.Sdp;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Stun;

namespace MediaBroker.Bench;

/// <summary>
/// A minimal WebRTC player: WHEP offer (H264 video, recvonly), ICE checks as the controlling agent against the
/// broker's ICE-lite host candidate, the broker's own DTLS client and SRTP code, then counts decrypted RTP and (with
/// a latency sink) scans each payload for the marker. One UDP socket and one receive loop per reader.
/// </summary>
internal sealed partial class WhepReader : IDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ConsentInterval = TimeSpan.FromSeconds(2);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly TaskCompletionSource _iceDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReaderCounters _counters;
    private readonly IceCredentials _ice;
    private readonly string _remoteUfrag;
    private readonly byte[] _remoteKey;
    private readonly IPEndPoint _server;
    private readonly DtlsSrtpTransport _dtls;
    private readonly SocketReceiveClock _kernelClock;
    private SrtpContext? _inbound;

    private WhepReader(ReaderCounters counters, IceCredentials ice, DtlsCertificate certificate, SessionDescription answer)
    {
        _counters = counters;
        _ice = ice;
        var first = answer.Media.FirstOrDefault(m => m.Port != 0) ?? throw new InvalidDataException("the WHEP answer has no media");
        _remoteUfrag = first.GetAttribute("ice-ufrag") ?? answer.GetAttribute("ice-ufrag") ?? throw new InvalidDataException("no ice-ufrag");
        _remoteKey = StunCredentials.ShortTermKey(first.GetAttribute("ice-pwd") ?? answer.GetAttribute("ice-pwd") ?? "");
        var fingerprint = first.GetAttribute("fingerprint") ?? answer.GetAttribute("fingerprint") ?? throw new InvalidDataException("no fingerprint");
        _server = UdpCandidate(first) ?? throw new InvalidDataException("the WHEP answer has no IPv4 UDP candidate");
        // Keyframes arrive as bursts of ~40 datagrams per reader; a big buffer keeps the tool's scheduling from dropping them.
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _kernelClock = new SocketReceiveClock(_socket);
        _dtls = new DtlsSrtpTransport(DtlsRole.Client, certificate, fingerprint, d => _socket.SendTo(d.Span, SocketFlags.None, _server));
    }

    /// <summary>Plays http://127.0.0.1:port/path/whep until cancelled; errors end up in the counters.</summary>
    public static async Task RunAsync(HttpClient http, int port, string path, ReaderCounters counters, CancellationToken ct)
    {
        try
        {
            using var certificate = DtlsCertificate.Create("mediabroker-bench");
            var ice = IceCredentials.Generate();
            using var offer = new StringContent(Offer(ice, certificate.Fingerprint), Encoding.UTF8);
            offer.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
            using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{port}/{path}/whep"), offer, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidDataException($"WHEP answered {(int)response.StatusCode}: {body.Trim()}");
            }

            using var reader = new WhepReader(counters, ice, certificate, SessionDescription.Parse(body));
            await reader.PlayAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Normal end of the run.
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or HttpRequestException
            or TimeoutException or DtlsHandshakeException or OperationCanceledException)
        {
            counters.Error = ex.Message;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _dtls.Dispose();
        _inbound?.Dispose();
    }

    private static string Offer(IceCredentials ice, string fingerprint) =>
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 102\r\nc=IN IP4 0.0.0.0\r\n" +
        $"a=ice-ufrag:{ice.Ufrag}\r\na=ice-pwd:{ice.Password}\r\na=fingerprint:{fingerprint}\r\n" +
        "a=setup:active\r\na=recvonly\r\na=rtcp-mux\r\na=mid:0\r\n" +
        "a=rtpmap:102 H264/90000\r\na=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
        "a=rtcp-fb:102 nack pli\r\n";

    private static IPEndPoint? UdpCandidate(MediaDescription media)
    {
        foreach (var a in media.Attributes)
        {
            // foundation component transport priority address port typ ...
            var f = a.Name == "candidate" ? a.Value?.Split(' ') : null;
            if (f is { Length: > 5 } && f[2].Equals("udp", StringComparison.OrdinalIgnoreCase)
                && IPAddress.TryParse(f[4], out var address) && address.AddressFamily == AddressFamily.InterNetwork
                && int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                return new IPEndPoint(address, p);
            }
        }

        return null;
    }

    private async Task PlayAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = Task.Factory.StartNew(() => ReceiveLoopAsync(cts.Token), cts.Token, TaskCreationOptions.None, TaskScheduler.Default).Unwrap();
        try
        {
            var deadline = Stopwatch.StartNew();
            while (!_iceDone.Task.IsCompleted && deadline.Elapsed < HandshakeTimeout)
            {
                SendBindingRequest();
                await Task.WhenAny(_iceDone.Task, receive, Task.Delay(100, cts.Token));
            }

            if (!_iceDone.Task.IsCompleted)
            {
                throw new TimeoutException("no ICE response from the broker");
            }

            var keys = await _dtls.HandshakeAsync(cts.Token).WaitAsync(HandshakeTimeout, cts.Token);
            Volatile.Write(ref _inbound, keys.CreateInbound(localIsDtlsServer: false));

            // Consent freshness (RFC 7675): the broker closes sessions that stop checking.
            while (!receive.IsCompleted)
            {
                await Task.WhenAny(receive, Task.Delay(ConsentInterval, cts.Token));
                SendBindingRequest();
            }

            await receive;
        }
        finally
        {
            await cts.CancelAsync();
            _socket.Dispose();
            await receive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void SendBindingRequest()
    {
        Span<byte> request = stackalloc byte[StunMessageBuilder.MaxLength];
        var n = StunMessageBuilder.WriteBindingRequest(
            request, RandomNumberGenerator.GetBytes(12), _remoteUfrag + ":" + _ice.Ufrag, _remoteKey, 0x6E7F1EFF, controlling: true,
            (ulong)RandomNumberGenerator.GetInt32(int.MaxValue), useCandidate: true);
        _socket.SendTo(request[..n], SocketFlags.None, _server);
    }
}
