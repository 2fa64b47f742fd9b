using MediaBroker.Core;

namespace MediaBroker.Protocols.HttpStream;

/// <summary>
/// One reader of <c>/&lt;path&gt;.flv|.ts|.mp4|.aac|.mp3</c>: it lives as long as its HTTP response, which streams the
/// path's shared encoder output from its own bounded queue. Listed under the path's readers as <c>httpStreamSession</c>.
/// </summary>
public sealed class HttpStreamSession : IPathReader, IDisposable
{
    private readonly CancellationTokenSource _kick = new();
    private long _outboundBytes;
    private long _outboundSends;
    private Func<long>? _dropped;

    internal HttpStreamSession(AccessRequest access, HttpStreamFormat format)
    {
        Path = access.Path;
        RemoteAddr = access.RemoteIp.ToString();
        Query = access.Query;
        User = access.User ?? "";
        UserAgent = access.UserAgent ?? "";
        Format = format;
    }

    public string ApiType => "httpStreamSession";

    public Guid Id { get; } = Guid.NewGuid();

    public DateTime Created { get; } = DateTime.UtcNow;

    public string Path { get; }

    public string RemoteAddr { get; }

    public string Query { get; }

    public string User { get; }

    public string UserAgent { get; }

    public HttpStreamFormat Format { get; }

    public long OutboundBytes => Interlocked.Read(ref _outboundBytes);

    /// <summary>Cancelled by <see cref="Kick"/>.</summary>
    internal CancellationToken Kicked => _kick.Token;

    internal string? KickReason { get; private set; }

    public HttpStreamSessionInfo Info => new()
    {
        Id = Id,
        Created = Created,
        RemoteAddr = RemoteAddr,
        Path = Path,
        Query = Query,
        User = User,
        UserAgent = UserAgent,
        Format = HttpStreamFormats.Name(Format),
        OutboundBytes = OutboundBytes,
        OutboundSends = Interlocked.Read(ref _outboundSends),
        OutboundFramesDiscarded = Volatile.Read(ref _dropped)?.Invoke() ?? 0,
    };

    public void Kick(string reason)
    {
        KickReason ??= reason;
        try
        {
            _kick.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The response already ended.
        }
    }

    public void Dispose() => _kick.Dispose();

    internal void AddBytes(long bytes) => Interlocked.Add(ref _outboundBytes, bytes);

    /// <summary>One flush of the response: everything written since the last one goes out together.</summary>
    internal void CountSend() => Interlocked.Increment(ref _outboundSends);

    /// <summary>Where the drop count is read from: the reader's queue, once subscribed.</summary>
    internal void CountDropsFrom(Func<long> dropped) => Volatile.Write(ref _dropped, dropped);
}
