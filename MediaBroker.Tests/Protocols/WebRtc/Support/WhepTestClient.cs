using System.Buffers.Binary;
using System.Collections.Concurrent;
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

namespace MediaBroker.Tests.Protocols.WebRtc.Support;

/// <summary>
/// A minimal WebRTC viewer built on our own primitives, playing the browser's part: it offers recvonly H264 +
/// Opus, sends ICE checks (controlling, USE-CANDIDATE), runs the DTLS client role, and decrypts what arrives.
/// </summary>
internal sealed partial class WhepTestClient : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http;
    private readonly DtlsCertificate _certificate = DtlsCertificate.Create("whep-client");
    private readonly IceCredentials _ice = IceCredentials.Generate();
    private readonly bool _tcp;
    private readonly Socket _socket;
    private readonly Lock _sendGate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _iceDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<byte, int> _packetsByType = new();
    private DtlsSrtpTransport? _dtls;
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private IPEndPoint? _server;
    private Task? _receive;
    private int _rtcpPackets;
    private int _authFailures;
    private volatile bool _paused;

    /// <param name="tcp">Use the answer's ICE-TCP candidate (RFC 6544 framing) instead of UDP.</param>
    public WhepTestClient(HttpClient http, bool tcp = false)
    {
        _http = http;
        _tcp = tcp;
        _socket = tcp ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    }

    public string? Location { get; private set; }

    public string Answer { get; private set; } = "";

    public int RtcpPackets => Volatile.Read(ref _rtcpPackets);

    public int AuthFailures => Volatile.Read(ref _authFailures);

    /// <summary>Set once an H264 IDR slice (alone, in STAP-A or FU-A) was received.</summary>
    public bool SawKeyFrame { get; private set; }

    public int Packets(byte payloadType) => _packetsByType.GetValueOrDefault(payloadType);

    public int TotalPackets => _packetsByType.Values.Sum();

    /// <summary>Stops reading the socket (and answering anything): a viewer that hangs.</summary>
    public void Pause() => _paused = true;

    public static string Offer(IceCredentials ice, string fingerprint) =>
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96 102\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n" +
        $"a=ice-ufrag:{ice.Ufrag}\r\na=ice-pwd:{ice.Password}\r\na=fingerprint:{fingerprint}\r\na=setup:actpass\r\n" +
        "a=recvonly\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtpmap:102 H264/90000\r\n" +
        "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\na=rtcp-fb:102 nack\r\na=rtcp-fb:102 nack pli\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n" +
        $"a=ice-ufrag:{ice.Ufrag}\r\na=ice-pwd:{ice.Password}\r\na=fingerprint:{fingerprint}\r\na=setup:actpass\r\n" +
        "a=recvonly\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:0 PCMU/8000\r\n";

    /// <summary>POSTs the offer; returns the HTTP status (201 on success, then <see cref="Answer"/> is set).</summary>
    public Task<HttpStatusCode> PostOfferAsync(Uri whep) => PostSdpAsync(whep, Offer(_ice, _certificate.Fingerprint));

    private async Task<HttpStatusCode> PostSdpAsync(Uri url, string offer)
    {
        using var content = new StringContent(offer, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        using var response = await _http.PostAsync(url, content).WaitAsync(s_timeout);
        Answer = await response.Content.ReadAsStringAsync();
        Location = response.Headers.Location?.ToString();
        return response.StatusCode;
    }

    /// <summary>ICE then DTLS against the answer's first UDP candidate; completes when SRTP keys exist.</summary>
    public async Task ConnectAsync()
    {
        var answer = SessionDescription.Parse(Answer);
        var media = answer.Media.First(m => m.Port != 0);
        var ufrag = media.GetAttribute("ice-ufrag")!;
        var pwd = media.GetAttribute("ice-pwd")!;
        var fingerprint = media.GetAttribute("fingerprint")!;
        var candidate = media.Attributes.First(a => a.Name == "candidate" && a.Value!.Contains(_tcp ? " tcp " : " udp ", StringComparison.Ordinal) && a.Value.Contains("127.0.0.1", StringComparison.Ordinal)).Value!.Split(' ');
        _server = new IPEndPoint(IPAddress.Parse(candidate[4]), int.Parse(candidate[5], System.Globalization.CultureInfo.InvariantCulture));
        if (_tcp)
        {
            await _socket.ConnectAsync(_server).WaitAsync(s_timeout);
        }
        else
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        _dtls = new DtlsSrtpTransport(DtlsRole.Client, _certificate, fingerprint, d => Send(d.Span));
        _receive = Task.Run(() => ReceiveLoopAsync(_stop.Token));

        var request = new byte[StunMessageBuilder.MaxLength];
        var key = StunCredentials.ShortTermKey(pwd);
        var deadline = DateTime.UtcNow + s_timeout;
        while (!_iceDone.Task.IsCompleted)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("no STUN response from the server");
            }

            var n = StunMessageBuilder.WriteBindingRequest(request, RandomNumberGenerator.GetBytes(12), ufrag + ":" + _ice.Ufrag, key, 1_000_000, controlling: true, 42, useCandidate: true);
            Send(request.AsSpan(0, n));
            await Task.WhenAny(_iceDone.Task, Task.Delay(100));
        }

        var keys = await _dtls.HandshakeAsync().WaitAsync(s_timeout);
        _outbound = keys.CreateOutbound(localIsDtlsServer: false);
        Volatile.Write(ref _inbound, keys.CreateInbound(localIsDtlsServer: false));
    }

    public async ValueTask DisposeAsync()
    {
        if (Location is not null)
        {
            try
            {
                using var response = await _http.DeleteAsync(new Uri(_http.BaseAddress!, Location)).WaitAsync(s_timeout);
            }
            catch (HttpRequestException)
            {
                // The server may be gone already.
            }
        }

        await _stop.CancelAsync();
        _socket.Dispose();
        if (_receive is not null)
        {
            await _receive;
        }

        _dtls?.Dispose();
        _inbound?.Dispose();
        _outbound?.Dispose();
        _certificate.Dispose();
        _stop.Dispose();
    }

    private void Send(ReadOnlySpan<byte> packet)
    {
        if (!_tcp)
        {
            _socket.SendTo(packet, SocketFlags.None, _server!);
            return;
        }

        var frame = new byte[packet.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)packet.Length);
        packet.CopyTo(frame.AsSpan(2));
        lock (_sendGate)
        {
            _socket.Send(frame);
        }
    }

    /// <summary>Next datagram (UDP) or frame (TCP) into <paramref name="buffer"/>; 0 at the end.</summary>
    private async Task<int> ReceiveAsync(byte[] buffer, CancellationToken ct)
    {
        if (!_tcp)
        {
            var r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), ct);
            return r.ReceivedBytes;
        }

        if (!await ReadExactlyAsync(buffer.AsMemory(0, 2), ct))
        {
            return 0;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
        return await ReadExactlyAsync(buffer.AsMemory(0, length), ct) ? length : 0;
    }

    private async Task<bool> ReadExactlyAsync(Memory<byte> destination, CancellationToken ct)
    {
        while (destination.Length > 0)
        {
            var n = await _socket.ReceiveAsync(destination, SocketFlags.None, ct);
            if (n == 0)
            {
                return false;
            }

            destination = destination[n..];
        }

        return true;
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[65536];
        while (!ct.IsCancellationRequested)
        {
            if (_paused)
            {
                await Task.Delay(50, CancellationToken.None);
                continue;
            }

            int n;
            try
            {
                n = await ReceiveAsync(buffer, ct);
                if (n == 0)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var packet = buffer.AsSpan(0, n);
            switch (PacketClassifier.Classify(packet))
            {
                case PacketKind.Stun:
                    if (StunMessage.TryParse(packet, out var m) && m.Class == StunClass.SuccessResponse)
                    {
                        _iceDone.TrySetResult();
                    }

                    break;
                case PacketKind.Dtls:
                    _dtls?.PushDatagram(packet);
                    break;
                case PacketKind.Rtp when Volatile.Read(ref _inbound) is { } srtp:
                    if (srtp.UnprotectRtp(packet, out var length) != SrtpResult.Ok)
                    {
                        Interlocked.Increment(ref _authFailures);
                        break;
                    }

                    var pt = (byte)(packet[1] & 0x7F);
                    _packetsByType.AddOrUpdate(pt, 1, (_, c) => c + 1);
                    Capture(packet[..length]);
                    if (pt == 102 && IsIdr(packet[12..length]))
                    {
                        SawKeyFrame = true;
                    }

                    break;
                case PacketKind.Rtcp when Volatile.Read(ref _inbound) is { } srtcp:
                    if (srtcp.UnprotectRtcp(packet, out _) == SrtpResult.Ok)
                    {
                        Interlocked.Increment(ref _rtcpPackets);
                    }

                    break;
            }
        }
    }

    private static bool IsIdr(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            return false;
        }

        return (payload[0] & 0x1F) switch
        {
            5 => true,
            28 => (payload[1] & 0x1F) == 5, // FU-A
            24 => payload.Length > 3 && (payload[3] & 0x1F) is 5 or 7, // STAP-A starting with SPS or IDR
            _ => false,
        };
    }

    internal static ushort Sequence(ReadOnlySpan<byte> rtp) => BinaryPrimitives.ReadUInt16BigEndian(rtp[2..]);
}
