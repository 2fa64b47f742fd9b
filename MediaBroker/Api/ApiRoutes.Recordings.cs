using System.Text.Json.Nodes;
using MediaBroker.Record;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Api;

/// <summary>
/// MediaMTX's <c>/v3/recordings/*</c>: the paths with segments on disk, a path's segments (starts from file names, no
/// file is opened), deleting one segment.
/// </summary>
public sealed partial class ApiRoutes
{
    private Task RecordingsListAsync(HttpContext ctx)
    {
        var items = new List<JsonNode?>();
        foreach (var name in _recordings.PathsWithRecordings())
        {
            if (_recordings.TryListStarts(name, out var segments) == RecordLookup.Ok)
            {
                items.Add(RecordingJson(name, segments));
            }
        }

        return ApiPagination.WriteAsync(ctx, items);
    }

    private Task RecordingsGetAsync(HttpContext ctx)
    {
        var name = RouteValue(ctx, "name");
        return _recordings.TryListStarts(name, out var segments) switch
        {
            RecordLookup.Ok => ApiResults.JsonAsync(ctx, RecordingJson(name, segments)),
            RecordLookup.InvalidPath => ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid path name"),
            _ => ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "recording not found"),
        };
    }

    private Task RecordingsDeleteSegmentAsync(HttpContext ctx)
    {
        var path = ctx.Request.Query["path"].ToString();
        if (!RecordTime.TryParse(ctx.Request.Query["start"].ToString(), out var start))
        {
            return ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'start' parameter: not an RFC 3339 time");
        }

        return _recordings.DeleteSegment(path, start) switch
        {
            RecordLookup.Ok => ApiResults.OkAsync(ctx),
            RecordLookup.InvalidPath => ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "invalid 'path' parameter"),
            _ => ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "segment not found"),
        };
    }

    private static JsonObject RecordingJson(string name, IReadOnlyList<DateTime> segments)
    {
        var array = new JsonArray();
        foreach (var s in segments)
        {
            array.Add(new JsonObject { ["start"] = RecordTime.Format(s) });
        }

        return new JsonObject { ["name"] = name, ["segments"] = array };
    }
}
