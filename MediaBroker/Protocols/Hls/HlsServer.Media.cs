using System.Globalization;
using MediaBroker.Formats.Fmp4;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Protocols.Hls;

public sealed partial class HlsServer
{
    /// <summary>Serves a playlist, the init segment, a segment or a part (HLS or DASH); returns the body bytes sent.</summary>
    private async Task<long> ServeMediaAsync(HttpContext ctx, HlsMuxer muxer, string file, string query)
    {
        var variant = _options.Variant;
        var output = muxer.Output;
        var ct = ctx.RequestAborted;
        switch (file)
        {
            case HlsPlaylist.MultivariantName:
            {
                var s = await output.WaitAsync(x => !x.Segments.IsEmpty, _options.StartTimeout, ct).ConfigureAwait(false);
                return s.Segments.IsEmpty
                    ? await NotFoundAsync(ctx, "the stream is not ready yet").ConfigureAwait(false)
                    : await WritePlaylistAsync(ctx, s.Rendered.Multivariant(s, variant, query)).ConfigureAwait(false);
            }

            case HlsPlaylist.MediaName:
                return await ServeMediaPlaylistAsync(ctx, output, query).ConfigureAwait(false);

            case DashManifest.Name when variant != HlsVariant.MpegTs:
                return await ServeManifestAsync(ctx, output, query).ConfigureAwait(false);

            case HlsPlaylist.InitName when variant != HlsVariant.MpegTs:
            {
                var s = await output.WaitAsync(x => !x.Init.IsEmpty, _options.StartTimeout, ct).ConfigureAwait(false);
                return s.Init.IsEmpty
                    ? await NotFoundAsync(ctx, "the stream is not ready yet").ConfigureAwait(false)
                    : await WriteAsync(ctx, s.Init, HlsHttp.Mp4Type, HlsHttp.Cacheable, null, null).ConfigureAwait(false);
            }
        }

        var ext = variant == HlsVariant.MpegTs ? ".ts" : ".mp4";
        if (TryParseId(file, "seg", ext, out var msn))
        {
            var s = output.Current;
            if (s.FindSegment(msn) is null && msn >= s.CurrentMsn && msn <= s.CurrentMsn + 1)
            {
                // The segment being built (or the next one): wait for it rather than make the player retry.
                var wait = TimeSpan.FromSeconds(3 * Math.Max(s.TargetDuration, _options.SegmentDuration.TotalSeconds));
                s = await output.WaitAsync(x => x.FindSegment(msn) is not null, wait, ct).ConfigureAwait(false);
            }

            return s.FindSegment(msn) is { } seg
                ? await WriteAsync(ctx, default, variant == HlsVariant.MpegTs ? HlsHttp.TsType : HlsHttp.Mp4Type, HlsHttp.Cacheable, seg.Chunks, seg.Size).ConfigureAwait(false)
                : await NotFoundAsync(ctx, "segment not found").ConfigureAwait(false);
        }

        if (variant != HlsVariant.MpegTs && TryParseDashSegment(file, out var dashMsn, out var dashTrack))
        {
            try
            {
                return await ServeDashSegmentAsync(ctx, output, dashMsn, dashTrack).ConfigureAwait(false);
            }
            catch (Mp4ProtocolException ex)
            {
                // Our own fragments always split; this would be a muxer bug, so say it rather than drop the connection.
                HlsLog.DashSplitFailed(_logger, muxer.PathName, dashTrack, dashMsn, ex.Message);
                if (!ctx.Response.HasStarted)
                {
                    ctx.Response.StatusCode = StatusCodes.Status500InternalServerError;
                }

                return 0;
            }
        }

        if (variant != HlsVariant.MpegTs && TryParseId(file, DashManifest.InitPrefix, DashManifest.InitSuffix, out var initTrack))
        {
            return await ServeDashInitAsync(ctx, output, initTrack).ConfigureAwait(false);
        }

        if (variant != HlsVariant.MpegTs && TryParseId(file, "part", ".mp4", out var id))
        {
            var s = output.Current;
            if (s.FindPart(id) is null && id >= s.NextPartId && id <= s.NextPartId + 1)
            {
                // The preload-hinted part (draft-pantos-hls-rfc8216bis §6.2.6): answered as soon as it exists.
                var wait = TimeSpan.FromSeconds(Math.Max(1, 6 * s.PartTarget));
                s = await output.WaitAsync(x => x.FindPart(id) is not null, wait, ct).ConfigureAwait(false);
            }

            return s.FindPart(id) is { } part
                ? await WriteAsync(ctx, part.Data, HlsHttp.Mp4Type, HlsHttp.Cacheable, null, null).ConfigureAwait(false)
                : await NotFoundAsync(ctx, "part not found").ConfigureAwait(false);
        }

        return await NotFoundAsync(ctx, "not found").ConfigureAwait(false);
    }

    private async Task<long> ServeMediaPlaylistAsync(HttpContext ctx, HlsSnapshotSource output, string query)
    {
        var q = ctx.Request.Query;
        var ll = _options.Variant == HlsVariant.LowLatency;
        var skip = ll && q["_HLS_skip"] == "YES";
        HlsSnapshot s;
        // Only a playlist that lists the part a blocking reload asked for may be cached (not the last one of an ended stream).
        var answersBlockingReload = false;
        if (ll && q.ContainsKey("_HLS_msn"))
        {
            if (!long.TryParse(q["_HLS_msn"], NumberStyles.None, CultureInfo.InvariantCulture, out var msn)
                || (q.ContainsKey("_HLS_part") && !int.TryParse(q["_HLS_part"], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                return await BadRequestAsync(ctx, "invalid _HLS_msn or _HLS_part").ConfigureAwait(false);
            }

            int? part = int.TryParse(q["_HLS_part"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
            s = output.Current;

            // §6.2.5.2: a request more than two segments ahead of the playlist is an error.
            if (msn > s.CurrentMsn + 2)
            {
                return await BadRequestAsync(ctx, "_HLS_msn is too far in the future").ConfigureAwait(false);
            }

            var wait = TimeSpan.FromSeconds(3 * Math.Max(s.TargetDuration, _options.SegmentDuration.TotalSeconds));
            s = await output.WaitAsync(x => !x.Segments.IsEmpty && x.Contains(msn, part), wait, ctx.RequestAborted).ConfigureAwait(false);
            if (!s.Contains(msn, part) && !s.Ended)
            {
                ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return 0;
            }

            answersBlockingReload = s.Contains(msn, part);
        }
        else
        {
            s = await output.WaitAsync(x => !x.Segments.IsEmpty, _options.StartTimeout, ctx.RequestAborted).ConfigureAwait(false);
        }

        return s.Segments.IsEmpty
            ? await NotFoundAsync(ctx, "the stream is not ready yet").ConfigureAwait(false)
            : await WritePlaylistAsync(ctx, s.Rendered.Media(s, _options.Variant, _options.SegmentCount, skip, query),
                answersBlockingReload ? HlsHttp.BlockingReloadCache(s.TargetDuration) : HlsHttp.NoCache).ConfigureAwait(false);
    }

    private static Task<long> WritePlaylistAsync(HttpContext ctx, ReadOnlyMemory<byte> playlist, string cache = HlsHttp.NoCache) =>
        WriteAsync(ctx, playlist, HlsHttp.PlaylistType, cache, null, null);

    private static Task<long> NotFoundAsync(HttpContext ctx, string message) =>
        WriteAsync(ctx, Encoding.UTF8.GetBytes(message), "text/plain; charset=utf-8", HlsHttp.NoCache, null, null, StatusCodes.Status404NotFound);

    private static Task<long> BadRequestAsync(HttpContext ctx, string message) =>
        WriteAsync(ctx, Encoding.UTF8.GetBytes(message), "text/plain; charset=utf-8", HlsHttp.NoCache, null, null, StatusCodes.Status400BadRequest);
}
