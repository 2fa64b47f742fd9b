using System.Diagnostics;
using MediaBroker.Core;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// One viewer of a path (MediaMTX's <c>hlsSession</c> API item). HTTP has no connection to follow, so a session is
/// recognised by who asks (address, credentials, user agent) and ends after a quiet period. It holds the viewer's
/// reader registration on the path.
/// </summary>
public sealed class HlsSession : IPathReader
{
    private readonly Action<HlsSession, string> _onKick;
    private long _outboundBytes;
    private long _lastSeenTicks = Stopwatch.GetTimestamp();

    internal HlsSession(string key, string path, AccessRequest access, bool isCdn, Action<HlsSession, string> onKick)
    {
        Key = key;
        Path = path;
        RemoteAddr = access.RemoteIp.ToString();
        Query = access.Query;
        User = access.User ?? "";
        UserAgent = access.UserAgent ?? "";
        IsCdn = isCdn;
        _onKick = onKick;
    }

    public string ApiType => "hlsSession";

    public Guid Id { get; } = Guid.NewGuid();

    public DateTime Created { get; } = DateTime.UtcNow;

    public string RemoteAddr { get; }

    public string Path { get; }

    public string Query { get; }

    public string User { get; }

    public string UserAgent { get; }

    /// <summary>The requests carry the CDN secret (<c>hlsCDNSecret</c>): no per-user auth was done.</summary>
    public bool IsCdn { get; }

    public long OutboundBytes => Interlocked.Read(ref _outboundBytes);

    /// <summary>A snapshot for <c>/v3/hlssessions</c> and the hls_sessions metrics.</summary>
    public HlsSessionInfo Info => new()
    {
        Id = Id,
        Created = Created,
        RemoteAddr = RemoteAddr,
        Path = Path,
        Query = Query,
        User = User,
        UserAgent = UserAgent,
        IsCDN = IsCdn,
        OutboundBytes = OutboundBytes,
    };

    internal string Key { get; }

    internal ReaderLease? Lease { get; set; }

    /// <summary>The session as a connection of the triggers (CONN_OPEN ... CONN_CLOSE), disposed when it closes.</summary>
    internal IDisposable? Connection { get; set; }

    internal MediaStream? Stream { get; set; }

    /// <summary>The muxer the last request was served from: later requests skip the server's muxer table and its lock.</summary>
    internal HlsMuxer? Muxer { get; set; }

    internal TimeSpan IdleFor => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastSeenTicks));

    public void Kick(string reason) => _onKick(this, reason);

    /// <summary>A request of the viewer arrived: the quiet period starts again.</summary>
    internal void Touch() => Volatile.Write(ref _lastSeenTicks, Stopwatch.GetTimestamp());

    internal void AddBytes(long bytes)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref _outboundBytes, bytes);
        }
    }
}
