namespace MediaBroker.Bench;

/// <summary>The publishing side of the same minimal RTMP session, for the latency publisher: connect, createStream, publish.</summary>
internal sealed partial class RtmpReader
{
    private int _publishStreamId;

    /// <summary>Runs the publish handshake on an open connection; the caller owns both streams.</summary>
    public static async Task<RtmpReader> OpenPublishAsync(Stream buffered, Stream network, int port, string app, string name, CancellationToken ct)
    {
        var session = new RtmpReader(buffered, network, new ReaderCounters());
        session._publishStreamId = await session.ConnectAsync(port, app, publisher: true, ct);
        await session.WriteCommandAsync(session._publishStreamId, new Amf0Writer().String("publish").Number(3).Null().String(name).String("live").ToArray(), ct);
        return session;
    }

    /// <summary>Reads and drops what the server sends a publisher (status, acknowledgements) so that its socket never backs up.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await ReadMessageAsync(ct);
        }
    }

    /// <summary>Sends one FLV video tag body (type 9) as a single socket write.</summary>
    public Task WriteVideoAsync(byte[] payload, uint timestampMs, CancellationToken ct) => WriteMessageAsync(6, 9, _publishStreamId, payload, ct, timestampMs);

    /// <summary>Sends only the first half of a video message's bytes: what a publisher killed mid-frame leaves on the wire.</summary>
    public async Task WriteHalfVideoAsync(byte[] payload, uint timestampMs, CancellationToken ct)
    {
        var message = Message(6, 9, _publishStreamId, payload, timestampMs);
        await _writer.WriteAsync(message.AsMemory(0, message.Length / 2), ct);
    }
}
