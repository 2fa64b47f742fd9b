using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>
/// HLS viewers that stall, each with its own user agent (the broker tells HLS viewers apart by address and user agent).
/// <c>hls</c>: reads the playlists, then asks for a segment many times in one write (HTTP/1.1 pipelining) and reads only
/// the first response's head, so the broker's response writes block on a closed TCP window (proof: the kernel's socket
/// table). <c>hls-idle</c>: reads the playlists and the newest part, then asks for nothing more with its connection
/// open; the broker's side of that (its viewer session listed, then ended after the quiet period) is the stalls
/// scenario's to read.
/// </summary>
internal sealed class HlsStalledReader(StallContext context, bool idle) : IStalledReader
{
    /// <summary>Enough segments (about 250 KB each at 1 s) to fill loopback socket buffers several times over.</summary>
    private const int PipelinedRequests = 64;

    private readonly ReaderCounters _counters = new();
    private HlsHttpConnection? _conn;
    private long _lastRequestAt;
    private long _bodyBytes;

    public async Task StartAsync(CancellationToken ct)
    {
        _conn = await HlsHttpConnection.OpenAsync(context.Ports.Hls, ct, StalledReaders.ReceiveBufferBytes, idle ? "mediabroker-bench-idle" : "mediabroker-bench-stalled");
        var dir = "/" + context.Path.Trim('/') + "/";
        var (media, query) = await HlsReader.MediaPlaylistAsync(_conn, dir, _counters);
        var text = await _conn.GetTextAsync(media + HlsReader.Query(query, ""), _counters);
        if (idle)
        {
            var view = HlsPlaylistView.Parse(text);
            _bodyBytes = view.Parts.Count == 0
                ? throw new InvalidDataException("the media playlist lists no parts")
                : await _conn.GetBodyLengthAsync(dir + view.Parts[^1].Uri, _counters);
        }
        else
        {
            var segment = HlsPlaylistView.FirstUri(text) ?? throw new InvalidDataException("the media playlist lists no segment");
            _bodyBytes = await _conn.PipelineAsync(dir + segment, PipelinedRequests, _counters);
        }

        _lastRequestAt = Stopwatch.GetTimestamp();
    }

    public string? Proof()
    {
        if (_conn is null)
        {
            return null;
        }

        if (!idle)
        {
            return TcpTable.ClosedWindow(TcpTable.Read(), (IPEndPoint)_conn.Socket.LocalEndPoint!, (IPEndPoint)_conn.Socket.RemoteEndPoint!);
        }

        // Readable with nothing to read: the broker closed the idle connection.
        var closed = _conn.Socket.Poll(0, SelectMode.SelectRead) && _conn.Socket.Available == 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"read a {_bodyBytes}-byte part, then no request for {Stopwatch.GetElapsedTime(_lastRequestAt).TotalSeconds:F0} s; {(closed ? "the broker closed the idle connection" : "the connection is still open")}");
    }

    public ValueTask DisposeAsync()
    {
        _conn?.Dispose();
        return ValueTask.CompletedTask;
    }
}
