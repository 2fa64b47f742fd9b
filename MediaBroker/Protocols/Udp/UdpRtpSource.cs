using System.Net.Sockets;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Streams.Rtp;
using MediaBroker.Streams.MpegTs;

namespace MediaBroker.Protocols.Udp;

/// <summary>
/// Receives RTP over UDP (<c>source: udp+rtp://ip:port</c>) described by the path's <c>rtpSDP</c>: the
/// tracks come from the SDP, so the path is ready at once; packets are routed to a decoder by payload type.
/// Every media of the SDP arrives on the one port (MediaMTX's convention), told apart by payload type.
/// </summary>
public sealed class UdpRtpSource(UdpSourceUrl url, UdpSourceOptions options) : IStaticSource
{
    public string ApiType => "rtpSource";

    public async Task RunAsync(StaticSourceContext context, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(context.Conf.RtpSDP))
        {
            throw new InvalidOperationException("udp+rtp:// sources need rtpSDP");
        }

        var (tracks, decoders) = FromSdp(SessionDescription.Parse(context.Conf.RtpSDP));
        using var socket = UdpMpegTsSource.OpenSocket(url, options);
        var stream = context.SetReady(tracks);
        var output = new List<Unit>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            while (true)
            {
                timeout.CancelAfter(options.ReadTimeout);

                // Units keep slices of the datagram until every reader is done with them: one array per datagram.
                var datagram = GC.AllocateUninitializedArray<byte>(2048);
                var n = await socket.ReceiveAsync(datagram, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                RtpPacket packet;
                try
                {
                    if (!RtpPacket.TryParse(datagram.AsMemory(0, n), out packet))
                    {
                        stream.ReportFrameInError();
                        continue;
                    }
                }
                catch (RtpProtocolException)
                {
                    stream.ReportFrameInError();
                    continue;
                }

                if (!decoders.TryGetValue(packet.PayloadType, out var decoder))
                {
                    continue;
                }

                output.Clear();
                decoder.Decode(packet, output);
                foreach (var unit in output)
                {
                    stream.WriteUnit(unit);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no RTP data for {options.ReadTimeout.TotalSeconds:0.#} s");
        }
    }

    private static (List<Track> Tracks, Dictionary<int, RtpUnitDecoder> Decoders) FromSdp(SessionDescription sdp)
    {
        var time = new RtpTimeDecoder();
        var tracks = new List<Track>();
        var decoders = new Dictionary<int, RtpUnitDecoder>();
        foreach (var media in sdp.Media)
        {
            if (!SdpFormat.TryRead(media, 0, out var format) || decoders.ContainsKey(format.PayloadType))
            {
                continue;
            }

            var track = new Track(tracks.Count, SdpCodecMapper.FromFormat(format, media.Media));
            tracks.Add(track);
            decoders[format.PayloadType] = new RtpUnitDecoder(track, time.AddTrack(track.ClockRate), format.EncodingName, format.Parameters);
        }

        return tracks.Count > 0 ? (tracks, decoders) : throw new InvalidOperationException("rtpSDP describes no usable media");
    }
}
