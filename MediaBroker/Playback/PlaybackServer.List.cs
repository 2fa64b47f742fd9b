using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Playback;

public sealed partial class PlaybackServer
{
    /// <summary><c>GET /list?path=&amp;start=&amp;end=</c>: the recorded spans of a path, contiguous segments merged.</summary>
    private async Task ListAsync(HttpContext ctx)
    {
        var (ok, path) = await AuthorizeAsync(ctx).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        var q = ctx.Request.Query;
        DateTime? start = null, end = null;
        if (q.TryGetValue("start", out var s) && s.ToString().Length > 0)
        {
            if (!PlaybackQuery.TryParseTime(s.ToString(), out var t))
            {
                await ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'start' parameter: not an RFC 3339 time").ConfigureAwait(false);
                return;
            }

            start = t;
        }

        if (q.TryGetValue("end", out var e) && e.ToString().Length > 0)
        {
            if (!PlaybackQuery.TryParseTime(e.ToString(), out var t))
            {
                await ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'end' parameter: not an RFC 3339 time").ConfigureAwait(false);
                return;
            }

            end = t;
        }

        if (await SegmentsAsync(ctx, path).ConfigureAwait(false) is not { } segments)
        {
            return;
        }

        var spans = PlaybackSpans.Merge(segments, start, end);
        if (spans.Count == 0)
        {
            await ErrorAsync(ctx, StatusCodes.Status404NotFound, "no recordings found").ConfigureAwait(false);
            return;
        }

        var baseUrl = ctx.Request.Scheme + "://" + ctx.Request.Host.Value + "/get?path=" + Uri.EscapeDataString(path);
        var array = new JsonArray();
        foreach (var (spanStart, duration) in spans)
        {
            var startText = PlaybackQuery.FormatTime(spanStart);
            array.Add(new JsonObject
            {
                ["start"] = startText,
                ["duration"] = duration.TotalSeconds,
                ["url"] = baseUrl + "&start=" + Uri.EscapeDataString(startText)
                    + "&duration=" + duration.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            });
        }

        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.WriteAsync(array.ToJsonString(), ctx.RequestAborted).ConfigureAwait(false);
    }
}
