using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// DASH on the HLS muxer: <c>/{path}/manifest.mpd</c> describes the fMP4 segments the muxer already makes, one track
/// at a time: <c>init{track}.mp4</c> and <c>seg{n}_{track}.m4s</c>. No second muxer: each part is split once, on the
/// first request for it.
/// </summary>
public sealed partial class HlsServer
{
    /// <summary>Why the MPEG-TS variant has no DASH (the body of its 404).</summary>
    internal const string DashNeedsFmp4 =
        "DASH needs fMP4 segments, and this server's hlsVariant is mpegts: set hlsVariant to fmp4 or lowLatency";

    private static bool IsDashName(string file) =>
        file == DashManifest.Name || TryParseId(file, DashManifest.InitPrefix, DashManifest.InitSuffix, out _) || TryParseDashSegment(file, out _, out _);

    /// <summary>Reads <c>seg{msn}_{track}.m4s</c>.</summary>
    private static bool TryParseDashSegment(string file, out long msn, out long track)
    {
        (msn, track) = (0, 0);
        var sep = file.IndexOf(DashManifest.TrackSeparator, StringComparison.Ordinal);
        return sep > 0
            && TryParseId(file[..sep] + DashManifest.SegmentSuffix, DashManifest.SegmentPrefix, DashManifest.SegmentSuffix, out msn)
            && TryParseId(file[sep..], DashManifest.TrackSeparator, DashManifest.SegmentSuffix, out track);
    }

    /// <summary>The init of one track (<c>init{track}.mp4</c>).</summary>
    private async Task<long> ServeDashInitAsync(HttpContext ctx, HlsSnapshotSource output, long trackId)
    {
        var s = await output.WaitAsync(x => x.Info is not null, _options.StartTimeout, ctx.RequestAborted).ConfigureAwait(false);
        return FindTrack(s, trackId) is { } track
            ? await WriteAsync(ctx, track.Init, HlsHttp.Mp4Type, HlsHttp.Cacheable, null, null).ConfigureAwait(false)
            : await NotFoundAsync(ctx, "no such track").ConfigureAwait(false);
    }

    private static DashTrack? FindTrack(HlsSnapshot s, long trackId)
    {
        if (s.Info is { Tracks.IsDefault: false } info)
        {
            foreach (var t in info.Tracks)
            {
                if (t.TrackId == trackId)
                {
                    return t;
                }
            }
        }

        return null;
    }

    /// <summary>One track of a complete segment: its parts' share, written back to back with the exact length.</summary>
    private static Task<long> WriteDashSegmentAsync(HttpContext ctx, HlsSegment seg, DashTrack track, int trackCount)
    {
        var chunks = new ReadOnlyMemory<byte>[seg.Parts.Length];
        long size = 0;
        for (var i = 0; i < chunks.Length; i++)
        {
            chunks[i] = seg.Parts[i].TrackData(track, trackCount);
            size += chunks[i].Length;
        }

        return WriteAsync(ctx, default, HlsHttp.Mp4Type, HlsHttp.Cacheable, chunks, size);
    }

    private async Task<long> ServeManifestAsync(HttpContext ctx, HlsSnapshotSource output, string query)
    {
        var s = await output.WaitAsync(x => !x.Segments.IsEmpty, _options.StartTimeout, ctx.RequestAborted).ConfigureAwait(false);
        if (s.Segments.IsEmpty || s.Info is null)
        {
            return await NotFoundAsync(ctx, "the stream is not ready yet").ConfigureAwait(false);
        }

        // Rendered per request: UTCTiming carries the server's time now (a few hundred bytes, once per update period).
        var text = DashManifest.Render(s, _options, query, DateTime.UtcNow);
        return await WriteAsync(ctx, Encoding.UTF8.GetBytes(text), DashManifest.ContentType, HlsHttp.NoCache, null, null).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves DASH segment <paramref name="msn"/>: whole when complete; the segment being written (or the next one) part by
    /// part as the muxer publishes them, in one chunked response that ends with the segment (low-latency DASH's chunked
    /// CMAF: the client decodes the first parts while the last are not made yet).
    /// </summary>
    private async Task<long> ServeDashSegmentAsync(HttpContext ctx, HlsSnapshotSource output, long msn, long trackId)
    {
        var ct = ctx.RequestAborted;
        var s = output.Current;
        if (FindTrack(s, trackId) is not { } track)
        {
            return await NotFoundAsync(ctx, "no such track").ConfigureAwait(false);
        }

        var count = s.Info!.Tracks.Length;
        if (s.FindSegment(msn) is { } done)
        {
            return await WriteDashSegmentAsync(ctx, done, track, count).ConfigureAwait(false);
        }

        if (msn < s.CurrentMsn || msn > s.CurrentMsn + 1)
        {
            return await NotFoundAsync(ctx, "segment not found").ConfigureAwait(false);
        }

        var wait = TimeSpan.FromSeconds(3 * Math.Max(s.TargetDuration, _options.SegmentDuration.TotalSeconds));
        s = await output.WaitAsync(x => x.CurrentMsn > msn || (x.CurrentMsn == msn && !x.CurrentParts.IsEmpty), wait, ct).ConfigureAwait(false);
        if (s.FindSegment(msn) is { } finished)
        {
            return await WriteDashSegmentAsync(ctx, finished, track, count).ConfigureAwait(false);
        }

        if (s.CurrentMsn != msn || s.CurrentParts.IsEmpty)
        {
            return await NotFoundAsync(ctx, "segment not found").ConfigureAwait(false);
        }

        var res = ctx.Response;
        res.StatusCode = StatusCodes.Status200OK;
        res.ContentType = HlsHttp.Mp4Type;
        res.Headers.CacheControl = HlsHttp.NoCache;
        if (HttpMethods.IsHead(ctx.Request.Method))
        {
            return 0;
        }

        var partWait = TimeSpan.FromSeconds(Math.Max(1, 6 * s.PartTarget));
        var writer = res.BodyWriter;
        var written = 0;
        long sent = 0;
        while (true)
        {
            ImmutableArray<HlsPart> parts;
            var complete = false;
            if (s.FindSegment(msn) is { } seg)
            {
                (parts, complete) = (seg.Parts, true);
            }
            else if (s.CurrentMsn == msn)
            {
                parts = s.CurrentParts;
            }
            else
            {
                // The segment left the window before it was complete here (the stream restarted its muxer): end it.
                break;
            }

            for (var i = written; i < parts.Length; i++)
            {
                var data = parts[i].TrackData(track, count);
                writer.Write(data.Span);
                sent += data.Length;
            }

            written = parts.Length;
            var flushed = await writer.FlushAsync(ct).ConfigureAwait(false);
            if (complete || s.Ended || flushed.IsCompleted || flushed.IsCanceled)
            {
                break;
            }

            var seen = written;
            var next = await output.WaitAsync(x => x.CurrentMsn != msn || x.CurrentParts.Length > seen, partWait, ct).ConfigureAwait(false);
            if (next == s)
            {
                // No part for several part durations: the publisher stalled. End the response rather than hold it open.
                break;
            }

            s = next;
        }

        return sent;
    }
}
