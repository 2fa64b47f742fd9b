using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Signalling;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>
/// The media half of a <see cref="WhepSource"/>: a <see cref="WhepClientTransport"/> towards the answer's first IPv4
/// UDP host candidate, and what arrives on it turned into units on the stream: RTP → units per payload type,
/// sender reports for the clock, and a PLI every two seconds so the upstream sends key frames.
/// </summary>
internal sealed class WhepConnection : IWhepPacketHandler, IAsyncDisposable
{
    private static readonly TimeSpan s_consentInterval = TimeSpan.FromSeconds(5);
    private static readonly long s_pliInterval = 2 * Stopwatch.Frequency;

    private readonly StaticSourceContext _context;
    private readonly WhepClientTransport _transport;
    private readonly Dictionary<byte, RtpUnitDecoder> _decoders = [];
    private readonly Dictionary<uint, RtpUnitDecoder> _bySsrc = [];
    private readonly List<Track> _tracks = [];
    private readonly List<Unit> _units = [];
    private readonly List<RtcpPacket> _rtcp = [];
    private readonly byte[] _pli = new byte[128];
    private readonly uint _localSsrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
    private MediaStream? _stream;
    private long _lastPli;

    public WhepConnection(StaticSourceContext context, SessionDescription answer, IceCredentials ice, DtlsCertificate certificate, int udpReadBufferSize)
    {
        _context = context;
        var time = new RtpTimeDecoder();
        var absoluteTime = RtpAbsoluteTime.For(context.Conf.UseAbsoluteTimestamp, context.Logger, "source " + context.PathName);
        foreach (var media in answer.Media.Where(m => m.Port != 0))
        {
            if (WebRtcCodecMatcher.ChooseForPublish(media) is not var (format, codec))
            {
                continue;
            }

            var track = new Track(_tracks.Count, codec);
            _tracks.Add(track);
            _decoders[(byte)format.PayloadType] = new RtpUnitDecoder(track, time.AddTrack(track.ClockRate), format.EncodingName, format.Parameters, absoluteTime);
        }

        if (_tracks.Count == 0)
        {
            throw new IOException("the WHEP answer has no track we can read");
        }

        _transport = new WhepClientTransport(
            WhepAnswer.Parse(answer), ice, certificate, this,
            new WhepClientOptions { IdleTimeout = context.Conf.WhepHandshakeTimeout + context.Conf.WhepTrackGatherTimeout, ReceiveBufferSize = udpReadBufferSize });
    }

    /// <summary>
    /// whepSTUNGatherTimeout: the server-reflexive candidates of the media socket, as <c>a=candidate</c> values, from
    /// the STUN servers the WHEP server listed (at most <c>whepSTUNGatherTimeout</c>).
    /// </summary>
    public async Task<IReadOnlyList<string>> GatherServerReflexiveAsync(IReadOnlyList<IPEndPoint> stunServers, CancellationToken ct)
    {
        var mapped = await _transport.GatherServerReflexiveAsync(stunServers, _context.Conf.WhepSTUNGatherTimeout, ct).ConfigureAwait(false);
        var local = _transport.LocalEndPoint;
        return [.. mapped.Select((m, i) => IceCandidate.FormatServerReflexive((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), m, local, localPreference: 65535 - i))];
    }

    public async Task RunAsync(CancellationToken ct)
    {
        await _transport.ConnectAsync(_context.Conf.WhepHandshakeTimeout, ct).ConfigureAwait(false);
        Volatile.Write(ref _stream, _context.SetReady(_tracks));
        await _transport.RunAsync(s_consentInterval, ct).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _transport.DisposeAsync();

    public void OnRtp(Memory<byte> packet, long receivedAt)
    {
        // Units keep slices of the packet, and the transport reuses its buffer: the one copy per packet.
        if (Volatile.Read(ref _stream) is not { } stream || !RtpPacket.TryParse(packet.ToArray(), out var rtp) || !_decoders.TryGetValue(rtp.PayloadType, out var decoder))
        {
            return;
        }

        if (_bySsrc.TryAdd(rtp.Ssrc, decoder))
        {
            _lastPli = 0; // a new source: ask for a key frame now
        }

        _units.Clear();
        decoder.Decode(rtp, _units);
        foreach (var unit in _units)
        {
            stream.WriteUnit(unit);
        }

        if (receivedAt - _lastPli >= s_pliInterval)
        {
            _lastPli = receivedAt;
            foreach (var (ssrc, d) in _bySsrc)
            {
                if (d.Track.Kind == MediaKind.Video)
                {
                    _transport.SendRtcp(_pli, RtcpWriter.WritePictureLossIndication(_pli, _localSsrc, ssrc));
                }
            }
        }
    }

    public void OnRtcp(Memory<byte> packet, long receivedAt)
    {
        _rtcp.Clear();
        try
        {
            RtcpParser.ParseCompound(packet, _rtcp); // read before returning: no copy needed
        }
        catch (RtpProtocolException)
        {
            return;
        }

        foreach (var p in _rtcp)
        {
            if (p is RtcpSenderReport sr && _bySsrc.TryGetValue(sr.Ssrc, out var decoder))
            {
                decoder.OnSenderReport(sr, receivedAt);
            }
        }
    }

    public void OnSrtpError(PacketKind kind, SrtpResult result)
    {
        // Dropped, as a receiver does: a replay or corruption is no reason to end the source.
    }
}
