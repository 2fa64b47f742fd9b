using MediaBroker.Formats.Fmp4;
using MediaBroker.Record;
using Microsoft.AspNetCore.Http;
using Microsoft.Win32.SafeHandles;

namespace MediaBroker.Playback;

public sealed partial class PlaybackServer
{
    /// <summary>Samples per fMP4 fragment: about a second of the key track.</summary>
    private static readonly TimeSpan FragmentDuration = TimeSpan.FromSeconds(1);

    /// <summary><c>GET /get?path=&amp;start=&amp;duration=&amp;format=fmp4|mp4</c>: media from the key frame at or before start.</summary>
    private async Task GetAsync(HttpContext ctx)
    {
        var (ok, path) = await AuthorizeAsync(ctx).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        var q = ctx.Request.Query;
        if (!PlaybackQuery.TryParseTime(q["start"].ToString(), out var start))
        {
            await ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'start' parameter: not an RFC 3339 time").ConfigureAwait(false);
            return;
        }

        if (!PlaybackQuery.TryParseDuration(q["duration"].ToString(), out var duration))
        {
            await ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'duration' parameter: not a positive number of seconds").ConfigureAwait(false);
            return;
        }

        var format = q["format"].ToString();
        if (format.Length == 0)
        {
            format = "fmp4";
        }

        if (format is not ("fmp4" or "mp4"))
        {
            await ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'format' parameter: fmp4 or mp4").ConfigureAwait(false);
            return;
        }

        if (await SegmentsAsync(ctx, path).ConfigureAwait(false) is not { } segments)
        {
            return;
        }

        // The segment holding the start, or the first one after it that begins before the requested end.
        var end = PlaybackQuery.End(start, duration);
        var from = -1;
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].End > start && segments[i].Start < end)
            {
                from = i;
                break;
            }
        }

        if (from < 0)
        {
            await ErrorAsync(ctx, StatusCodes.Status404NotFound, "no recordings found in the requested interval").ConfigureAwait(false);
            return;
        }

        PlaybackCut? cut;
        try
        {
            cut = PlaybackCut.Build([.. segments.Skip(from)], start, duration);
        }
        catch (Exception ex) when (ex is Mp4ProtocolException or IOException)
        {
            PlaybackLog.BadSegment(_logger, path, segments[from].File, ex.Message);
            await ErrorAsync(ctx, StatusCodes.Status500InternalServerError, "cannot read the recording").ConfigureAwait(false);
            return;
        }

        if (cut is null || cut.IsEmpty)
        {
            await ErrorAsync(ctx, StatusCodes.Status404NotFound, "no recordings found in the requested interval").ConfigureAwait(false);
            return;
        }

        PlaybackLog.Serving(_logger, path, duration.TotalSeconds, cut.Start, format, cut.Files.Length);
        ctx.Response.ContentType = "video/mp4";
        ctx.Response.Headers.AcceptRanges = "none";
        var handles = cut.Files.Select(f => File.OpenHandle(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)).ToArray();
        try
        {
            if (format == "mp4")
            {
                await WriteMp4Async(ctx, cut, handles).ConfigureAwait(false);
            }
            else
            {
                await WriteFmp4Async(ctx, cut, handles).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            foreach (var h in handles)
            {
                h.Dispose();
            }
        }
    }

    private static async Task WriteFmp4Async(HttpContext ctx, PlaybackCut cut, SafeFileHandle[] handles)
    {
        var body = ctx.Response.Body;
        var ct = ctx.RequestAborted;
        await body.WriteAsync(cut.Init, ct).ConfigureAwait(false);
        var key = Array.FindIndex(cut.Tracks, t => t.IsVideo);
        key = key < 0 ? 0 : key;
        var next = new int[cut.Tracks.Length];
        uint sequence = 1;
        var windowEnd = FragmentDuration;
        while (true)
        {
            var parts = new Mp4CopyTrack[cut.Tracks.Length];
            var ranges = new (int From, int To)[cut.Tracks.Length];
            var any = false;
            for (var i = 0; i < cut.Tracks.Length; i++)
            {
                var t = cut.Tracks[i];
                var limit = (long)((Int128)windowEnd.Ticks * t.Source.Timescale / TimeSpan.TicksPerSecond);
                var j = next[i];
                while (j < t.Samples.Count && t.Samples[j].Dts < limit)
                {
                    j++;
                }

                ranges[i] = (next[i], j);
                parts[i] = new Mp4CopyTrack(t.Source, [.. t.Samples.Skip(next[i]).Take(j - next[i])]);
                any |= j > next[i];
                next[i] = j;
            }

            if (!any)
            {
                if (next.Select((n, i) => n >= cut.Tracks[i].Samples.Count).All(done => done))
                {
                    break;
                }

                windowEnd += FragmentDuration;
                continue;
            }

            await body.WriteAsync(Mp4FragmentCopyWriter.Build(sequence++, parts), ct).ConfigureAwait(false);
            for (var i = 0; i < parts.Length; i++)
            {
                for (var j = ranges[i].From; j < ranges[i].To; j++)
                {
                    await CopySampleAsync(body, cut, handles, i, j, ct).ConfigureAwait(false);
                }
            }

            windowEnd += FragmentDuration;
        }
    }

    private static async Task WriteMp4Async(HttpContext ctx, PlaybackCut cut, SafeFileHandle[] handles)
    {
        var layout = Mp4ProgressiveWriter.Build(cut.Tracks);
        ctx.Response.ContentLength = layout.Header.Length + layout.MediaSize;
        var body = ctx.Response.Body;
        var ct = ctx.RequestAborted;
        await body.WriteAsync(layout.Header, ct).ConfigureAwait(false);
        foreach (var (t, s) in layout.Order)
        {
            await CopySampleAsync(body, cut, handles, t, s, ct).ConfigureAwait(false);
        }
    }

    private static async Task CopySampleAsync(Stream body, PlaybackCut cut, SafeFileHandle[] handles, int track, int sample, CancellationToken ct)
    {
        var (file, offset) = cut.Sources[track][sample];
        var size = cut.Tracks[track].Samples[sample].Size;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var done = 0;
            while (done < size)
            {
                var n = await RandomAccess.ReadAsync(handles[file], buffer.AsMemory(done, size - done), offset + done, ct).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new IOException("segment shrank while being served");
                }

                done += n;
            }

            await body.WriteAsync(buffer.AsMemory(0, size), ct).ConfigureAwait(false);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
