namespace MediaBroker.Protocols.Srt.Native;

/// <summary>The SRT_SOCKOPT values we use (srt.h, libsrt 1.5).</summary>
internal enum SrtOption
{
    SndSyn = 1,
    RcvSyn = 2,
    Fc = 4,
    RcvBuf = 6,
    UdpRcvBuf = 9,
    Latency = 23,
    Passphrase = 26,
    PbKeyLen = 27,
    ConnTimeo = 36,
    RcvLatency = 43,
    PeerLatency = 44,
    StreamId = 46,
    PayloadSize = 49,
    TransType = 50,
    Ipv6Only = 54,
    PeerIdleTimeo = 55,
}

/// <summary>SRT_EPOLL_OPT flags.</summary>
[Flags]
internal enum SrtEpollFlags
{
    None = 0,
    In = 0x1,
    Out = 0x4,
    Err = 0x8,
    EdgeTriggered = unchecked((int)0x80000000),
}

/// <summary>SRT_SOCKSTATUS.</summary>
internal enum SrtSocketStatus
{
    Init = 1,
    Opened,
    Listening,
    Connecting,
    Connected,
    Broken,
    Closing,
    Closed,
    NonExist,
}

/// <summary>The SRT_ERRNO values we act on.</summary>
internal static class SrtErrors
{
    public const int ConnectionRejected = 1002;   // SRT_ECONNREJ
    public const int ConnectionLost = 2001;       // SRT_ECONNLOST
    public const int NoConnection = 2002;         // SRT_ENOCONN
    public const int InvalidSocket = 5004;        // SRT_EINVSOCK
    public const int AsyncSend = 6001;            // SRT_EASYNCSND: the send buffer is full (non-blocking)
    public const int AsyncReceive = 6002;         // SRT_EASYNCRCV: nothing to read (non-blocking)
    public const int Timeout = 6003;              // SRT_ETIMEOUT (epoll wait expired)
}

/// <summary>
/// Rejection codes sent to a caller from the listen callback (srt_setrejectreason). The SRT access
/// control spec maps HTTP status codes into the 1000 range (SRT_REJX_*).
/// </summary>
public enum SrtRejectCode
{
    BadRequest = 1400,
    Unauthorized = 1401,
    Overload = 1402,
    Forbidden = 1403,
    NotFound = 1404,
    BadMode = 1405,
    Conflict = 1409,
    InternalError = 1500,
}

/// <summary>A socket's receive side: its flow window (SRTO_FC) and receive buffer (SRTO_RCVBUF), both in packets.</summary>
internal static class SrtReceiveWindow
{
    /// <summary>SRTO_RCVBUF counts bytes of MSS (1500) minus the UDP/IP headers.</summary>
    public const int PacketBytes = 1472;

    /// <summary>Sets both to <paramref name="packets"/> before the socket connects; false when libsrt refused either.</summary>
    public static bool TrySet(SrtApi api, int socket, int packets) =>
        api.SetInt(socket, SrtOption.Fc, packets) >= 0 && api.SetInt(socket, SrtOption.RcvBuf, packets * PacketBytes) >= 0;
}
