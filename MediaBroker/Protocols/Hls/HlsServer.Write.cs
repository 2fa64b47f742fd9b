using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Protocols.Hls;

public sealed partial class HlsServer
{
    /// <summary>
    /// Writes a body from the stored buffers straight into Kestrel's output pipe (no intermediate array, no Stream
    /// adapter). A segment's parts are copied in back to back and flushed every <see cref="FlushThreshold"/> bytes
    /// rather than once per part, so a segment costs a few large sends and never sits whole in the pipe.
    /// </summary>
    private static async Task<long> WriteAsync(HttpContext ctx, ReadOnlyMemory<byte> body, string type, string cache,
        IReadOnlyList<ReadOnlyMemory<byte>>? chunks, long? chunkLength, int status = 200)
    {
        var res = ctx.Response;
        res.StatusCode = status;
        res.ContentType = type;
        res.Headers.CacheControl = cache;
        var length = chunks is null ? body.Length : chunkLength ?? 0;
        res.ContentLength = length;
        if (HttpMethods.IsHead(ctx.Request.Method))
        {
            return 0;
        }

        var writer = res.BodyWriter;
        if (chunks is null)
        {
            await writer.WriteAsync(body).ConfigureAwait(false);
            return length;
        }

        var pending = 0;
        foreach (var c in chunks)
        {
            writer.Write(c.Span);
            pending += c.Length;
            if (pending >= FlushThreshold)
            {
                pending = 0;
                var r = await writer.FlushAsync().ConfigureAwait(false);
                if (r.IsCompleted || r.IsCanceled)
                {
                    // The viewer went away: the rest of the segment has nowhere to go.
                    return 0;
                }
            }
        }

        // Flush the tail here: an earlier version that left it unflushed for Kestrel to send when the handler returned
        // stalled segment downloads with 300 concurrent readers (never with a few); the explicit flush is cheap.
        await writer.FlushAsync().ConfigureAwait(false);
        return length;
    }

    private const int FlushThreshold = 64 * 1024;
}
