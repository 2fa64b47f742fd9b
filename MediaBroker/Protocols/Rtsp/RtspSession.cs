using System.Net;
using System.Security.Cryptography;
using MediaBroker.Core;
using MediaBroker.Protocols.Rtsp.Messages;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// One RTSP session (RFC 2326 §3): created by the first SETUP (or ANNOUNCE), it either publishes a stream
/// (ANNOUNCE, SETUP..., RECORD) or reads one (DESCRIBE, SETUP..., PLAY), over one lower transport.
/// Partial files: Record (RTP in), Play (RTP out), Reports (RTCP).
/// </summary>
public sealed partial class RtspSession : IPathPublisher, IPathReader, IRtspUdpTarget
{
    private readonly RtspServer _server;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _closed = new();
    private RtspTrackSetup[] _setups = [];
    private long _lastActivityTicks = Environment.TickCount64;
    private int _isClosed;

    internal RtspSession(RtspServer server, RtspConnection connection, ILogger logger)
    {
        _server = server;
        _logger = logger;
        Connection = connection;
        RemoteEndPoint = connection.RemoteEndPoint;
        SecretId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        ApiType = connection.IsTls ? "rtspsSession" : "rtspSession";
    }

    public string ApiType { get; }

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The value of the <c>Session</c> header: random, so that other clients cannot guess it.</summary>
    public string SecretId { get; }

    public DateTime Created { get; } = DateTime.UtcNow;

    public IPEndPoint RemoteEndPoint { get; }

    public RtspSessionState State { get; private set; }

    /// <summary>Fixed by the first SETUP: every track of a session uses the same lower transport.</summary>
    public RtspLowerTransport? Transport { get; private set; }

    /// <summary>RTP/SAVP: every track is SRTP, over the SRTP UDP ports or interleaved.</summary>
    internal bool IsSecure { get; private set; }

    public string? PathName { get; private set; }

    public string Query { get; private set; } = "";

    public string? User { get; internal set; }

    public string? UserAgent { get; internal set; }

    public bool IsClosed => Volatile.Read(ref _isClosed) != 0;

    /// <summary>The connection that controls the session (and carries its packets over TCP).</summary>
    internal RtspConnection Connection { get; private set; }

    internal CancellationToken ClosedToken => _closed.Token;

    internal long IdleMilliseconds => Environment.TickCount64 - Interlocked.Read(ref _lastActivityTicks);

    internal int TrackCount => _setups.Length;

    /// <summary>The lower transport under MediaMTX's name (UDP, UDP-multicast, TCP), or null before the first SETUP.</summary>
    internal string? TransportName => Transport switch
    {
        RtspLowerTransport.Udp => "UDP",
        RtspLowerTransport.UdpMulticast => "UDP-multicast",
        RtspLowerTransport.Tcp => "TCP",
        _ => null,
    };

    /// <summary>The session's API and metrics record; <paramref name="conns"/> are the connections whose current session it is.</summary>
    internal RtspSessionInfo Describe(IReadOnlyList<Guid> conns) => new()
    {
        Id = Id,
        IsTls = ApiType == "rtspsSession",
        Created = Created,
        RemoteAddr = RemoteEndPoint.ToString(),
        State = State switch
        {
            RtspSessionState.Playing or RtspSessionState.PrePlay => "read",
            RtspSessionState.Recording or RtspSessionState.PreRecord => "publish",
            _ => "idle",
        },
        Path = PathName ?? "",
        Query = Query,
        User = User ?? "",
        UserAgent = UserAgent ?? "",
        Transport = TransportName,
        Profile = Transport is null ? null : IsSecure ? "SAVP" : "AVP",
        Conns = conns,
        InboundBytes = Interlocked.Read(ref _inboundBytes),
        InboundRTPPackets = Interlocked.Read(ref _inboundRtpPackets),
        InboundRTPPacketsLost = InboundLost,
        InboundRTPPacketsInError = Interlocked.Read(ref _inboundRtpInError),
        InboundRTPPacketsJitter = InboundJitter,
        InboundRTCPPackets = Interlocked.Read(ref _inboundRtcpPackets),
        OutboundBytes = Interlocked.Read(ref _outboundBytes),
        OutboundRTPPackets = Interlocked.Read(ref _outboundRtpPackets),
        OutboundRTPPacketsDiscarded = _queue?.Dropped ?? 0,
        OutboundRTCPPackets = Interlocked.Read(ref _outboundRtcpPackets),
        OutboundSends = Interlocked.Read(ref _outboundSends),
        BytesPerSend = Interlocked.Read(ref _outboundSends) is var sends and > 0 ? Interlocked.Read(ref _outboundTcpBytes) / sends : 0,
    };

    /// <summary>Closes the session (another publisher took over, the stream ended, API kick) and its connection.</summary>
    public void Kick(string reason)
    {
        var connection = Connection;
        Close(reason);
        connection.Abort(reason);
    }

    internal void Touch() => Interlocked.Exchange(ref _lastActivityTicks, Environment.TickCount64);

    internal void SetPath(RtspRequestUrl url)
    {
        PathName = url.Path;
        Query = url.Query;
    }

    /// <summary>Records the transport of the first SETUP; later SETUPs must use the same one.</summary>
    internal bool TrySetTransport(RtspLowerTransport transport, bool secure)
    {
        if (Transport is { } current)
        {
            return current == transport && secure == IsSecure;
        }

        Transport = transport;
        IsSecure = secure;
        return true;
    }

    internal void InitTracks(int count)
    {
        _setups = new RtspTrackSetup[count];
        for (var i = 0; i < count; i++)
        {
            _setups[i] = new RtspTrackSetup();
        }
    }

    internal RtspTrackSetup Setup(int track) => _setups[track];

    internal bool AnyTrackSetup => Array.Exists(_setups, s => s.IsSetup);

    internal void MoveTo(RtspSessionState state) => State = state;

    /// <summary>Releases the path, the UDP routes and the reader queue. Safe to call more than once, from any thread.</summary>
    internal void Close(string reason)
    {
        if (Interlocked.Exchange(ref _isClosed, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            _closed.Cancel();
        }

        foreach (var s in _setups)
        {
            _server.Udp?.Unregister(s.RtpKey, s.RtcpKey, this);
        }

        StopPlaying();
        StopRecording();
        _server.RemoveSession(this);
        Connection.RemoveSession(this);
        RtspLog.SessionClosed(_logger, SecretId, reason);
    }

    void IRtspUdpTarget.OnUdpPacket(int trackIndex, bool isRtcp, byte[] datagram)
    {
        Touch();
        if (!TryUnprotect(trackIndex, isRtcp, ref datagram))
        {
            return;
        }
        if (isRtcp)
        {
            OnRtcp(trackIndex, datagram);
        }
        else if (State == RtspSessionState.Recording)
        {
            OnRtp(trackIndex, datagram, reorder: true);
        }
    }

    /// <summary>SAVP: decrypts a client's packet in place; false when it does not verify with the client's key (dropped).</summary>
    internal bool TryUnprotect(int trackIndex, bool isRtcp, ref byte[] datagram)
    {
        if ((uint)trackIndex >= (uint)_setups.Length || _setups[trackIndex].Srtp is not { } srtp)
        {
            return true;
        }

        var clear = srtp.Unprotect(datagram, isRtcp);
        if (clear is null)
        {
            return false;
        }

        datagram = clear;
        return true;
    }
}
