using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Formats.Sdp;
using MediaBroker.Protocols.WebRtc.Client;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;

namespace MediaBroker.Tests.Protocols.WebRtc.Support;

/// <summary>
/// A minimal WebRTC peer playing the browser's part on the broker's own client transport (the one whep:// sources
/// use): it offers recvonly H264 + Opus (or, for WHIP, sendonly), runs ICE (controlling, USE-CANDIDATE) and the
/// DTLS client role, and counts what arrives decrypted.
/// </summary>
internal sealed partial class WhepTestClient : IWhepPacketHandler, IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http;
    private readonly DtlsCertificate _certificate = DtlsCertificate.Create("whep-client");
    private readonly IceCredentials _ice = IceCredentials.Generate();
    private readonly bool _tcp;
    private readonly ConcurrentDictionary<byte, int> _packetsByType = new();
    private WhepClientTransport? _transport;
    private int _rtcpPackets;
    private int _authFailures;

    /// <param name="tcp">Use the answer's ICE-TCP candidate (RFC 6544 framing) instead of UDP.</param>
    public WhepTestClient(HttpClient http, bool tcp = false)
    {
        _http = http;
        _tcp = tcp;
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
    public void Pause() => _transport!.Pause();

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

    /// <summary>ICE then DTLS against the answer's first UDP (or TCP) candidate; completes when SRTP keys exist.</summary>
    public async Task ConnectAsync()
    {
        _transport = new WhepClientTransport(WhepAnswer.Parse(SessionDescription.Parse(Answer), _tcp), _ice, _certificate, this);
        await _transport.ConnectAsync(s_timeout, CancellationToken.None);
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

        if (_transport is not null)
        {
            await _transport.DisposeAsync();
        }

        _certificate.Dispose();
    }

    void IWhepPacketHandler.OnRtp(Memory<byte> packet, long receivedAt)
    {
        var rtp = packet.Span;
        var pt = (byte)(rtp[1] & 0x7F);
        _packetsByType.AddOrUpdate(pt, 1, (_, c) => c + 1);
        Capture(rtp);
        if (pt == 102 && IsIdr(rtp[12..]))
        {
            SawKeyFrame = true;
        }
    }

    void IWhepPacketHandler.OnRtcp(Memory<byte> packet, long receivedAt) => Interlocked.Increment(ref _rtcpPackets);

    void IWhepPacketHandler.OnSrtpError(PacketKind kind, SrtpResult result)
    {
        if (kind == PacketKind.Rtp)
        {
            Interlocked.Increment(ref _authFailures);
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
