using System.Net;
using System.Text;
using MediaBroker.Auth;
using MediaBroker.Codecs;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Formats.Sdp;
using MediaBroker.Hosting;
using MediaBroker.Media;
using MediaBroker.Protocols.WebRtc;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Mux;
using MediaBroker.Protocols.WebRtc.Sessions;
using MediaBroker.Protocols.WebRtc.Signalling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Fuzz;

public static partial class FuzzTargets
{
    private const string OfferPath = "fuzz";

    /// <summary>How long a session may take to close once kicked (it only waits for ICE here).</summary>
    private static readonly TimeSpan OfferSessionCloseTimeout = TimeSpan.FromSeconds(10);

    private static readonly Lazy<BrokerConf> OfferConf = new(() =>
        ConfLoader.Load("logLevel: error\npaths:\n  all_others:\n", new Dictionary<string, string>()).Conf
        ?? throw new InvalidOperationException("the offer targets' configuration does not load"));

    /// <summary>The host candidate every answer carries (the UDP port is never opened: no ICE check arrives).</summary>
    private static readonly IReadOnlyList<string> OfferCandidates = ["1 1 udp 2130706431 127.0.0.1 8189 typ host"];

    private static IEnumerable<FuzzTarget> WebRtcOfferTargets() =>
    [
        new("whep-offer", "WebRtcHttpHandler POST /fuzz/whep: WebRtcOffer.Parse, the reader's path registration, WebRtcNegotiator.PlanRead (WebRtcCodecMatcher against an H264+VP8+Opus+G711+AAC stream), session attach, BuildAnswer",
            data => _ = OfferAnswer(data, publish: false)),
        new("whip-offer", "WebRtcHttpHandler POST /fuzz/whip: WebRtcOffer.Parse, WebRtcNegotiator.PlanPublish, the publisher's path registration, session attach (a depacketizer per negotiated format), BuildAnswer",
            data => _ = OfferAnswer(data, publish: true)),
    ];

    /// <summary>The answer to one offer: the HTTP status and body.</summary>
    internal sealed record WebRtcOfferOutcome(int Status, string Body);

    /// <summary>
    /// One WHIP or WHEP request through the real handler, without network: a fresh path manager (for WHEP with a
    /// ready stream on the path), a session context whose ICE port and DTLS certificate exist only in memory, the
    /// offer as the request body. A created session is started as the handler starts it (it waits for ICE), then
    /// kicked and awaited. Contract: 201 with an SDP answer that has one m= section per offered one (JSEP §5.3.1),
    /// or 400 with the reason; an exception escaping the handler, any other status or an answer that is not such
    /// SDP is a crash.
    /// </summary>
    internal static WebRtcOfferOutcome OfferAnswer(byte[] data, bool publish)
    {
        var conf = OfferConf.Value;
        using var auth = new AuthService(ConfMapping.ToAuthOptions(conf), NullLogger<AuthService>.Instance);
        using var paths = new PathManager(conf, new PathAuthorizer(auth), NullLoggerFactory.Instance, []);
        using var lease = publish ? null : PublishOfferStream(paths);
        var registry = new WebRtcSessionRegistry();
        using var handshakes = new SemaphoreSlim(1);
        var context = new WebRtcSessionContext(new WebRtcPeerDirectory(), DtlsServerCertificate.Value, new WebRtcServerOptions(), handshakes, registry, NullLogger.Instance);
        var handler = new WebRtcHttpHandler(paths, context, _ => ValueTask.FromResult(OfferCandidates));

        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/" + OfferPath + (publish ? "/whip" : "/whep");
        http.Request.ContentType = "application/sdp";
        http.Request.Body = new MemoryStream(data, writable: false);
        http.Request.ContentLength = data.Length;
        using var responseBody = new MemoryStream();
        http.Response.Body = responseBody;
        try
        {
            handler.HandleAsync(http).GetAwaiter().GetResult();
        }
        finally
        {
            CloseOfferSessions(registry);
        }

        var outcome = new WebRtcOfferOutcome(http.Response.StatusCode, Encoding.UTF8.GetString(responseBody.ToArray()));
        switch (outcome.Status)
        {
            case StatusCodes.Status201Created:
                CheckAnswer(data, outcome.Body);
                break;
            case StatusCodes.Status400BadRequest:
                break;
            default:
                throw new InvalidOperationException($"POST {http.Request.Path} answered {outcome.Status}: {outcome.Body}");
        }

        return outcome;
    }

    private static PublisherLease PublishOfferStream(PathManager paths)
    {
        var access = new AccessRequest { Path = OfferPath, RemoteIp = IPAddress.Loopback, Protocol = AuthProtocol.Rtsp };
        var result = paths.AddPublisherAsync(access, new OfferStreamPublisher(), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var lease = result.Value ?? throw new InvalidOperationException("the WHEP target's publisher was refused: " + result.Message);
        lease.StartStream(
        [
            // x264 Constrained Baseline 320x240 (as TestPaths.H264AndAac), then codecs of every WebRTC kind and one
            // it cannot carry (AAC), so that the matcher sees both.
            new Track(0, new H264Codec(
                [0x67, 0x42, 0xC0, 0x0D, 0xDA, 0x05, 0x07, 0xEC, 0x04, 0x40, 0x00, 0x00, 0x03, 0x00, 0x40, 0x00, 0x00, 0x0C, 0x83, 0xC5, 0x0A, 0xA8],
                [0x68, 0xCE, 0x0F, 0xC8])),
            new Track(1, new Vp8Codec()),
            new Track(2, new OpusCodec()),
            new Track(3, new G711Codec(MuLaw: true)),
            new Track(4, new Mpeg4AudioCodec([0x12, 0x10], 44100, 2)),
        ]);
        return lease;
    }

    private static void CloseOfferSessions(WebRtcSessionRegistry registry)
    {
        var sessions = registry.List();
        foreach (var session in sessions)
        {
            session.Kick("fuzz input done");
        }

        foreach (var session in sessions)
        {
            if (!session.Completion.Wait(OfferSessionCloseTimeout))
            {
                throw new TimeoutException($"a WebRTC session did not close within {OfferSessionCloseTimeout.TotalSeconds} s of its kick");
            }
        }
    }

    private static void CheckAnswer(byte[] offerBytes, string answerText)
    {
        // Decoded as the handler reads the body (StreamReader drops a byte order mark).
        using var offerReader = new StreamReader(new MemoryStream(offerBytes), Encoding.UTF8);
        var offer = SessionDescription.Parse(offerReader.ReadToEnd());
        SessionDescription answer;
        try
        {
            answer = SessionDescription.Parse(answerText);
        }
        catch (SdpProtocolException ex)
        {
            throw new InvalidOperationException("the answer is not valid SDP: " + ex.Message + "\n" + answerText, ex);
        }

        if (answer.Media.Count != offer.Media.Count)
        {
            throw new InvalidOperationException($"the answer has {answer.Media.Count} m= sections for {offer.Media.Count} offered\n{answerText}");
        }
    }

    private sealed class OfferStreamPublisher : IPathPublisher
    {
        public string ApiType => "rtspSession";

        public Guid Id { get; } = Guid.NewGuid();

        public void Kick(string reason)
        {
        }
    }
}
