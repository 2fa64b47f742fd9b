using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

/// <summary>What a pusher sees: the path and its stream, where to report progress, and its logger.</summary>
public sealed class StreamPushContext
{
    private readonly Action _sending;
    private readonly Action<string>? _tracksLeftOut;
    private long _outboundBytes;

    public StreamPushContext(string pathName, MediaStream stream, ILogger logger, Action sending, Action<string>? tracksLeftOut = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sending);
        PathName = pathName;
        Stream = stream;
        Logger = logger;
        _sending = sending;
        _tracksLeftOut = tracksLeftOut;
    }

    public string PathName { get; }

    /// <summary>The stream to send; subscribe to it (or to a shared encoder of it) with <see cref="MediaStream.ReaderOptions"/>.</summary>
    public MediaStream Stream { get; }

    public ILogger Logger { get; }

    /// <summary>Bytes sent to the destination so far (API <c>outboundBytes</c>, metrics).</summary>
    public long OutboundBytes => Interlocked.Read(ref _outboundBytes);

    /// <summary>The destination accepted the stream: the push's state becomes "forwarding".</summary>
    public void SetSending() => _sending();

    /// <summary>
    /// Some tracks are left out because the destination's protocol cannot carry them (the others are sent): the push
    /// shows <paramref name="message"/> as its last error while it keeps forwarding.
    /// </summary>
    public void ReportTracksLeftOut(string message) => _tracksLeftOut?.Invoke(message);

    public void AddOutboundBytes(long count) => Interlocked.Add(ref _outboundBytes, count);
}
