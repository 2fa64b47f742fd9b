using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Protocols.Rtsp.Tunnel;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp.Client;

/// <summary>
/// A path's <c>source: rtsp://...</c> (or rtsps://, or tunnelled: rtsp+http, rtsps+http, rtsp+ws, rtsps+ws): OPTIONS, DESCRIBE, SETUP per track, PLAY, then RTP into the path.
/// <c>rtspTransport</c> picks UDP, multicast, TCP or automatic (UDP, then TCP when the server refuses UDP or no packet arrives).
/// Returns (throws) when the upstream goes away; the path retries with back-off and is not ready meanwhile.
/// </summary>
public sealed partial class RtspSource(TimeSpan readTimeout, int udpReadBufferSize = 0) : IStaticSource
{
    /// <summary>How long automatic mode waits for a first UDP packet before switching to TCP.</summary>
    private static readonly TimeSpan UdpProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>RTCP report interval: the RFC 3550 §6.2 minimum, as the server uses by default.</summary>
    private static readonly TimeSpan ReportPeriod = TimeSpan.FromSeconds(5);

    private long _wrongSourcePackets;

    public string ApiType => "rtspSource";

    /// <summary>UDP packets dropped because they did not come from the server's address and announced server_port.</summary>
    public long WrongSourcePackets => Interlocked.Read(ref _wrongSourcePackets);

    public async Task RunAsync(StaticSourceContext context, CancellationToken ct)
    {
        var mode = context.Conf.RtspTransport;

        // A tunnel has no way for UDP: media is interleaved in it, whatever rtspTransport says.
        var tunnelled = RtspClient.TunnelOf(new Uri(context.SourceUrl).Scheme) != RtspTunnel.None;
        var useTcp = mode == "tcp" || tunnelled;
        while (true)
        {
            try
            {
                await RunOnceAsync(context, useTcp, ct).ConfigureAwait(false);
                return;
            }
            catch (UdpUnavailableException) when (mode == "automatic" && !useTcp)
            {
                RtspLog.SourceTcpFallback(context.Logger, Redact(context.SourceUrl));
                useTcp = true;
            }
        }
    }

    private async Task RunOnceAsync(StaticSourceContext context, bool useTcp, CancellationToken ct)
    {
        var url = new Uri(context.SourceUrl);
        var requestUrl = RtspClient.RequestUrl(StripUserInfo(url));
        await using var client = await RtspClient.ConnectAsync(url, context.Conf.SourceFingerprint, ct).WaitAsync(readTimeout, ct).ConfigureAwait(false);
        if (client.Tunnel != RtspTunnel.None)
        {
            RtspTunnelLog.SourceTunnelled(context.Logger, Redact(context.SourceUrl), client.Tunnel.ApiName());
        }

        await client.RequestAsync("OPTIONS", requestUrl, null, ct).WaitAsync(readTimeout, ct).ConfigureAwait(false);
        var describe = await client.RequestAsync("DESCRIBE", requestUrl, new RtspHeaders().Add("Accept", "application/sdp"), ct)
            .WaitAsync(readTimeout, ct).ConfigureAwait(false);
        Expect(describe, "DESCRIBE");
        var sdp = SessionDescription.Parse(Encoding.UTF8.GetString(describe.Body.Span));
        var baseUrl = describe.Headers["Content-Base"] ?? describe.Headers["Content-Location"] ?? requestUrl;
        var tracks = new List<Track>();
        var decoders = new List<RtpUnitDecoder>();
        var controls = new List<string>();
        var formats = new List<SdpFormat?>();
        var time = new RtpTimeDecoder();
        var absoluteTime = RtpAbsoluteTime.For(context.Conf.UseAbsoluteTimestamp, context.Logger, "source " + context.PathName);
        foreach (var media in sdp.Media)
        {
            if (!SdpFormat.TryRead(media, 0, out var format))
            {
                continue;
            }

            var track = new Track(tracks.Count, SdpCodecMapper.FromFormat(format, media.Media));
            tracks.Add(track);
            formats.Add(format);
            decoders.Add(new RtpUnitDecoder(track, time.AddTrack(track.ClockRate), format.EncodingName, format.Parameters, absoluteTime));
            controls.Add(ResolveControl(baseUrl, media.Control));
        }

        if (tracks.Count == 0)
        {
            throw new InvalidDataException("the upstream SDP has no usable media");
        }

        var multicast = !useTcp && context.Conf.RtspTransport == "multicast";
        var udp = useTcp ? null : new UdpPorts(tracks.Count, multicast, context.Conf.RtspAnyPort, PortRange(context.Conf.RtspUDPSourcePortRange), udpReadBufferSize, from => OnWrongSource(context, from));
        var serverRtcp = new IPEndPoint?[tracks.Count];
        try
        {
            for (var i = 0; i < tracks.Count; i++)
            {
                var transport = udp is null ? $"RTP/AVP/TCP;unicast;interleaved={2 * i}-{(2 * i) + 1}"
                    : multicast ? "RTP/AVP;multicast"
                    : $"RTP/AVP;unicast;client_port={udp.RtpPort(i)}-{udp.RtpPort(i) + 1}";
                var setup = await client.RequestAsync("SETUP", controls[i], new RtspHeaders().Add("Transport", transport), ct)
                    .WaitAsync(readTimeout, ct).ConfigureAwait(false);
                if (setup.StatusCode == 461 && udp is not null)
                {
                    throw new UdpUnavailableException();
                }

                Expect(setup, "SETUP");
                if (udp is not null)
                {
                    serverRtcp[i] = AcceptUdpAnswer(client, udp, i, multicast, setup.Headers["Transport"]);
                }

                client.Session ??= setup.Headers["Session"]?.Split(';')[0].Trim();
            }

            var play = await client.RequestAsync("PLAY", baseUrl, PlayHeaders(context), ct).WaitAsync(readTimeout, ct).ConfigureAwait(false);
            Expect(play, "PLAY");
            RtspLog.SourceReady(context.Logger, Redact(context.SourceUrl), tracks.Count, udp is null ? (client.Tunnel == RtspTunnel.None ? "TCP" : $"TCP in an {client.Tunnel.ApiName()} tunnel") : multicast ? "UDP multicast" : "UDP");
            var receiver = RtspMpegTsDemux.Applies(context.Conf, formats)
                ? new Receiver(new RtspMpegTsDemux(decoders[0].Statistics, context.SetReady, context.Logger, "[source " + Redact(context.SourceUrl) + "]"), decoders)
                : new Receiver(context.SetReady(tracks), decoders);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var tasks = new List<Task>
            {
                client.ReadLoopAsync(receiver.OnInterleaved, stop.Token),
                KeepAliveAsync(client, baseUrl, stop.Token),
                WatchAsync(receiver, udp is not null && context.Conf.RtspTransport == "automatic", stop.Token),
                ReportAsync(client, receiver, udp, serverRtcp, stop.Token),
            };
            if (udp is not null)
            {
                tasks.AddRange(udp.Start(receiver, stop.Token));
            }

            var first = await Task.WhenAny(tasks).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await first.ConfigureAwait(false);
        }
        finally
        {
            udp?.Dispose();
        }
    }

    /// <summary>Wires the track's UDP sockets to the SETUP answer; returns where receiver reports go (none for multicast).</summary>
    private static IPEndPoint? AcceptUdpAnswer(RtspClient client, UdpPorts udp, int track, bool multicast, string? header)
    {
        if (!RtspTransport.TryParse(header ?? "", out var answered))
        {
            throw new InvalidDataException("SETUP answered without a usable Transport header");
        }

        // The control connection may be dual-stack; the UDP sockets are IPv4.
        static IPAddress V4(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
        if (multicast)
        {
            if (answered.Lower != RtspLowerTransport.UdpMulticast || answered.Destination is not { } group || answered.Ports is not { } groupPorts)
            {
                throw new InvalidDataException("the server did not answer a multicast destination and port");
            }

            udp.JoinMulticast(track, V4(group), groupPorts, V4(client.LocalEndPoint.Address));
            return null;
        }

        if (answered.ServerPorts is not { } ports)
        {
            return null;
        }

        var server = V4(client.RemoteEndPoint.Address);
        udp.ExpectFrom(track, server, ports);
        return new IPEndPoint(server, ports.Rtcp);
    }

    /// <summary>Counts a dropped packet; the first one is logged so an operator learns that rtspAnyPort may be needed.</summary>
    private void OnWrongSource(StaticSourceContext context, EndPoint from)
    {
        if (Interlocked.Increment(ref _wrongSourcePackets) == 1)
        {
            RtspLog.SourceWrongPort(context.Logger, Redact(context.SourceUrl), from);
        }
    }

    private static void Expect(RtspMessage response, string method)
    {
        if (response.StatusCode != 200)
        {
            throw new InvalidDataException($"{method} answered {response.StatusCode} {response.Reason}");
        }
    }

    private static RtspHeaders PlayHeaders(StaticSourceContext context)
    {
        var start = context.Conf.RtspRangeStart;
        var range = context.Conf.RtspRangeType switch
        {
            "clock" => "clock=" + (start.Length > 0 ? start : DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)) + "-",
            "npt" => "npt=" + (start.Length > 0 ? start : "0") + "-",
            "smpte" => "smpte=" + (start.Length > 0 ? start : "0:00:00") + "-",
            _ => "npt=0.000-",
        };
        var headers = new RtspHeaders().Add("Range", range);
        if (context.Conf.RtspScale.Length > 0)
        {
            // rtspScale: playback speed asked of recorders/NVRs (RFC 2326 §12.34), e.g. "2" or "-1" to play backwards.
            headers.Add("Scale", context.Conf.RtspScale);
        }

        return headers;
    }

    private async Task KeepAliveAsync(RtspClient client, string url, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(25));
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            await client.SendAsync("OPTIONS", url, null, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Receiver reports to the upstream every RTCP period: over the interleaved RTCP channel, or to its RTCP port.</summary>
    private static async Task ReportAsync(RtspClient client, Receiver receiver, UdpPorts? udp, IPEndPoint?[] serverRtcp, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ReportPeriod);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            var ticks = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var i = 0; i < serverRtcp.Length; i++)
            {
                if (receiver.BuildReceiverReport(i, ticks) is not { } report)
                {
                    continue;
                }

                if (udp is null)
                {
                    await client.WriteInterleavedAsync((byte)((2 * i) + 1), report, ct).ConfigureAwait(false);
                }
                else if (serverRtcp[i] is { } to)
                {
                    try
                    {
                        await udp.SendRtcpAsync(i, report, to, ct).ConfigureAwait(false);
                    }
                    catch (SocketException)
                    {
                        // A lost report is harmless; the next one follows.
                    }
                }
            }
        }
    }

    private async Task WatchAsync(Receiver receiver, bool probingUdp, CancellationToken ct)
    {
        var started = Environment.TickCount64;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            var now = Environment.TickCount64;
            if (probingUdp && receiver.Packets == 0 && now - started > UdpProbeTimeout.TotalMilliseconds)
            {
                throw new UdpUnavailableException();
            }

            if (now - Math.Max(receiver.LastPacketTicks, started) > readTimeout.TotalMilliseconds)
            {
                throw new TimeoutException("no RTP packets within readTimeout");
            }
        }
    }

    internal static string ResolveControl(string baseUrl, string? control)
    {
        if (string.IsNullOrEmpty(control) || control == "*")
        {
            return baseUrl;
        }

        if (control.Contains("://", StringComparison.Ordinal))
        {
            return control;
        }

        return baseUrl.EndsWith('/') ? baseUrl + control : baseUrl + "/" + control;
    }

    internal static string StripUserInfo(Uri url) =>
        url.UserInfo.Length == 0 ? url.OriginalString : url.OriginalString.Replace(url.UserInfo + "@", "", StringComparison.Ordinal);

    internal static string Redact(string url) => StripUserInfo(new Uri(url));

    private sealed class UdpUnavailableException() : Exception("UDP is not available");
}
