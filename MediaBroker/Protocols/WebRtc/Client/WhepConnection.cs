using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
using MediaBroker.Protocols.WebRtc.Stun;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>
/// The media half of a <see cref="WhepSource"/>: one UDP socket towards the answer's first IPv4 UDP host
/// candidate, ICE checks (controlling, USE-CANDIDATE; repeated as consent freshness), the DTLS client handshake,
/// then SRTP → RTP → units on the stream. Everything received is handled on the one receive loop.
/// </summary>
internal sealed class WhepConnection : IAsyncDisposable
{
    private static readonly TimeSpan s_consentInterval = TimeSpan.FromSeconds(5);
    private static readonly long s_pliInterval = 2 * Stopwatch.Frequency;

    private readonly StaticSourceContext _context;
    private readonly IceCredentials _ice;
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly TaskCompletionSource _iceDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<byte, RtpUnitDecoder> _decoders = [];
    private readonly Dictionary<uint, RtpUnitDecoder> _bySsrc = [];
    private readonly List<Track> _tracks = [];
    private readonly List<Unit> _units = [];
    private readonly List<RtcpPacket> _rtcp = [];
    private readonly uint _localSsrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
    private readonly string _remoteUfrag;
    private readonly byte[] _remoteKey;
    private readonly IPEndPoint _server;
    private readonly DtlsSrtpTransport _dtls;
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private MediaStream? _stream;
    private long _lastPli;

    public WhepConnection(StaticSourceContext context, SessionDescription answer, IceCredentials ice, DtlsCertificate certificate)
    {
        _context = context;
        _ice = ice;
        var sections = answer.Media.Where(m => m.Port != 0).ToList();
        var first = sections.FirstOrDefault() ?? throw new IOException("the WHEP answer has no media");
        _remoteUfrag = first.GetAttribute("ice-ufrag") ?? answer.GetAttribute("ice-ufrag") ?? throw new IOException("the WHEP answer has no ice-ufrag");
        _remoteKey = StunCredentials.ShortTermKey(first.GetAttribute("ice-pwd") ?? answer.GetAttribute("ice-pwd") ?? "");
        var fingerprint = first.GetAttribute("fingerprint") ?? answer.GetAttribute("fingerprint") ?? throw new IOException("the WHEP answer has no fingerprint");
        _server = FirstUdpCandidate(sections) ?? throw new IOException("the WHEP answer has no IPv4 UDP candidate");

        var time = new RtpTimeDecoder();
        foreach (var media in sections)
        {
            if (WebRtcCodecMatcher.ChooseForPublish(media) is not var (format, codec))
            {
                continue;
            }

            var track = new Track(_tracks.Count, codec);
            _tracks.Add(track);
            _decoders[(byte)format.PayloadType] = new RtpUnitDecoder(track, time.AddTrack(track.ClockRate), format.EncodingName, format.Parameters);
        }

        if (_tracks.Count == 0)
        {
            throw new IOException("the WHEP answer has no track we can read");
        }

        _socket.Bind(new IPEndPoint(_server.Address.Equals(IPAddress.Loopback) ? IPAddress.Loopback : IPAddress.Any, 0));
        _dtls = new DtlsSrtpTransport(DtlsRole.Client, certificate, fingerprint, d => _socket.SendTo(d.Span, SocketFlags.None, _server));
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = Task.Run(() => ReceiveLoopAsync(cts.Token), CancellationToken.None);
        try
        {
            await CheckUntilConnectedAsync(_context.Conf.WhepHandshakeTimeout, cts.Token).ConfigureAwait(false);
            var keys = await _dtls.HandshakeAsync(cts.Token).WaitAsync(_context.Conf.WhepHandshakeTimeout, cts.Token).ConfigureAwait(false);
            Volatile.Write(ref _outbound, keys.CreateOutbound(localIsDtlsServer: false));
            Volatile.Write(ref _stream, _context.SetReady(_tracks));
            Volatile.Write(ref _inbound, keys.CreateInbound(localIsDtlsServer: false));

            // Consent freshness (RFC 7675): the server closes sessions that stop checking.
            while (!receive.IsCompleted)
            {
                SendBindingRequest();
                await Task.WhenAny(receive, Task.Delay(s_consentInterval, cts.Token)).ConfigureAwait(false);
            }

            await receive.ConfigureAwait(false);
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            _socket.Dispose();
            await receive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _dtls.Dispose();
        _inbound?.Dispose();
        _outbound?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static IPEndPoint? FirstUdpCandidate(IEnumerable<MediaDescription> sections)
    {
        foreach (var a in sections.SelectMany(m => m.Attributes).Where(a => a.Name == "candidate" && a.Value is not null))
        {
            // foundation component transport priority address port typ ...
            var f = a.Value!.Split(' ');
            if (f.Length > 5 && f[2].Equals("udp", StringComparison.OrdinalIgnoreCase)
                && IPAddress.TryParse(f[4], out var address) && address.AddressFamily == AddressFamily.InterNetwork
                && int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return new IPEndPoint(address, port);
            }
        }

        return null;
    }

    private async Task CheckUntilConnectedAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!_iceDone.Task.IsCompleted)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("no ICE response from the WHEP server");
            }

            SendBindingRequest();
            await Task.WhenAny(_iceDone.Task, Task.Delay(100, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
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

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[65536];
        var any = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_context.Conf.WhepHandshakeTimeout + _context.Conf.WhepTrackGatherTimeout);
            SocketReceiveFromResult r;
            try
            {
                r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException("no packets from the WHEP server");
            }

            if (r.RemoteEndPoint is IPEndPoint from && from.Equals(_server))
            {
                Handle(buffer.AsSpan(0, r.ReceivedBytes));
            }
        }
    }

    private void Handle(Span<byte> packet)
    {
        switch (PacketClassifier.Classify(packet))
        {
            case PacketKind.Stun:
                if (StunMessage.TryParse(packet, out var m) && m.Class == StunClass.SuccessResponse)
                {
                    _iceDone.TrySetResult();
                }

                break;
            case PacketKind.Dtls:
                _dtls.PushDatagram(packet);
                break;
            case PacketKind.Rtp when Volatile.Read(ref _inbound) is { } srtp && srtp.UnprotectRtp(packet, out var length) == SrtpResult.Ok:
                OnRtp(packet[..length].ToArray());
                break;
            case PacketKind.Rtcp when Volatile.Read(ref _inbound) is { } srtcp && srtcp.UnprotectRtcp(packet, out var length) == SrtpResult.Ok:
                OnRtcp(packet[..length].ToArray());
                break;
        }
    }

    private void OnRtp(byte[] packet)
    {
        if (_stream is not { } stream || !RtpPacket.TryParse(packet, out var rtp) || !_decoders.TryGetValue(rtp.PayloadType, out var decoder))
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

        var now = Stopwatch.GetTimestamp();
        if (now - _lastPli >= s_pliInterval)
        {
            _lastPli = now;
            foreach (var (ssrc, d) in _bySsrc)
            {
                if (d.Track.Kind == MediaKind.Video)
                {
                    SendPli(ssrc);
                }
            }
        }
    }

    private void OnRtcp(byte[] packet)
    {
        _rtcp.Clear();
        try
        {
            RtcpParser.ParseCompound(packet, _rtcp);
        }
        catch (RtpProtocolException)
        {
            return;
        }

        foreach (var p in _rtcp)
        {
            if (p is RtcpSenderReport sr && _bySsrc.TryGetValue(sr.Ssrc, out var decoder))
            {
                decoder.OnSenderReport(sr, Stopwatch.GetTimestamp());
            }
        }
    }

    private void SendPli(uint mediaSsrc)
    {
        if (Volatile.Read(ref _outbound) is not { } srtcp)
        {
            return;
        }

        var buffer = new byte[128];
        var length = RtcpWriter.WritePictureLossIndication(buffer, _localSsrc, mediaSsrc);
        var n = srtcp.ProtectRtcp(buffer, length);
        _socket.SendTo(buffer.AsSpan(0, n), SocketFlags.None, _server);
    }
}
