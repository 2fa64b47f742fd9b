using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Formats.Sdp;
using MediaBroker.Protocols.WebRtc.Client;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;

namespace MediaBroker.Bench;

/// <summary>
/// A minimal WebRTC player: WHEP offer (H264 video, recvonly), then the broker's own client transport (the one
/// <c>whep://</c> sources use: ICE as the controlling agent, DTLS client, SRTP); it counts decrypted RTP and (with a
/// latency sink) scans each payload for the marker. One UDP socket and one receive loop per reader.
/// </summary>
internal sealed partial class WhepReader : IWhepPacketHandler, IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ConsentInterval = TimeSpan.FromSeconds(2);

    private readonly ReaderCounters _counters;
    private readonly WhepClientTransport _transport;
    private readonly SocketReceiveClock _kernelClock;

    private WhepReader(ReaderCounters counters, IceCredentials ice, DtlsCertificate certificate, SessionDescription answer)
    {
        _counters = counters;
        // Keyframes arrive as bursts of ~40 datagrams per reader; a big buffer keeps the tool's scheduling from dropping them.
        _transport = new WhepClientTransport(WhepAnswer.Parse(answer), ice, certificate, this, new WhepClientOptions { ReceiveBufferSize = 4 * 1024 * 1024 });
        _kernelClock = new SocketReceiveClock(_transport.Socket);
    }

    /// <summary>Plays the WHEP endpoint (the broker's http://127.0.0.1:port/path/whep) until cancelled; errors end up in the counters.</summary>
    public static async Task RunAsync(HttpClient http, Uri whep, ReaderCounters counters, CancellationToken ct)
    {
        try
        {
            using var certificate = DtlsCertificate.Create("mediabroker-bench");
            await using var reader = await ConnectAsync(http, whep, counters, certificate, ct);
            await reader._transport.RunAsync(ConsentInterval, ct);
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

    public ValueTask DisposeAsync() => _transport.DisposeAsync();

    /// <summary>Posts the offer and completes ICE and DTLS with the answer; the certificate must outlive the reader.</summary>
    private static async Task<WhepReader> ConnectAsync(HttpClient http, Uri whep, ReaderCounters counters, DtlsCertificate certificate, CancellationToken ct)
    {
        var ice = IceCredentials.Generate();
        using var offer = new StringContent(Offer(ice, certificate.Fingerprint), Encoding.UTF8);
        offer.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        using var response = await http.PostAsync(whep, offer, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidDataException($"WHEP answered {(int)response.StatusCode}: {body.Trim()}");
        }

        var reader = new WhepReader(counters, ice, certificate, SessionDescription.Parse(body));
        try
        {
            await reader._transport.ConnectAsync(HandshakeTimeout, ct);
            return reader;
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    public void OnRtp(Memory<byte> packet, long receivedAt)
    {
        RtpPacket rtp;
        try
        {
            if (!RtpPacket.TryParse(packet, out rtp))
            {
                return;
            }
        }
        catch (RtpProtocolException)
        {
            return;
        }

        _counters.AddMedia(rtp.Payload.Length);
        // The SEI is small, so it arrives whole in a single NAL unit or STAP-A packet: a byte search finds it.
        _counters.Latency?.Scan(rtp.Payload.Span, receivedAt, _kernelClock);
    }

    public void OnRtcp(Memory<byte> packet, long receivedAt)
    {
        // Sender reports are not needed to count media or measure latency.
    }

    public void OnSrtpError(PacketKind kind, SrtpResult result)
    {
        // Not counted: the broker's SRTP is tested elsewhere; here only media that arrives matters.
    }

    private static string Offer(IceCredentials ice, string fingerprint) =>
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 102\r\nc=IN IP4 0.0.0.0\r\n" +
        $"a=ice-ufrag:{ice.Ufrag}\r\na=ice-pwd:{ice.Password}\r\na=fingerprint:{fingerprint}\r\n" +
        "a=setup:active\r\na=recvonly\r\na=rtcp-mux\r\na=mid:0\r\n" +
        "a=rtpmap:102 H264/90000\r\na=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
        "a=rtcp-fb:102 nack pli\r\n";
}
