using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Api;

/// <summary>
/// MediaMTX's list pagination: <c>page</c> (from 0, default 0) and <c>itemsPerPage</c> (default 100, 0 refused),
/// answered as <c>{itemCount, pageCount, items}</c>; a page past the end has no items.
/// </summary>
public static class ApiPagination
{
    public const int DefaultItemsPerPage = 100;

    /// <summary>Reads the two parameters; returns an error message for a bad value.</summary>
    public static string? TryRead(IQueryCollection query, out int page, out int itemsPerPage)
    {
        ArgumentNullException.ThrowIfNull(query);
        page = 0;
        itemsPerPage = DefaultItemsPerPage;
        if (query.TryGetValue("itemsPerPage", out var ipp))
        {
            if (!int.TryParse(ipp.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out itemsPerPage))
            {
                return "invalid 'itemsPerPage' parameter";
            }

            if (itemsPerPage == 0)
            {
                return "invalid 'itemsPerPage' parameter: must be greater than 0";
            }
        }

        if (query.TryGetValue("page", out var p) && !int.TryParse(p.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out page))
        {
            return "invalid 'page' parameter";
        }

        return null;
    }

    public static JsonObject Page(IReadOnlyList<JsonNode?> items, int page, int itemsPerPage)
    {
        ArgumentNullException.ThrowIfNull(items);
        var pageCount = (items.Count + itemsPerPage - 1) / itemsPerPage;
        var array = new JsonArray();
        var start = (long)page * itemsPerPage;
        for (var i = start; i < items.Count && i < start + itemsPerPage; i++)
        {
            array.Add(items[(int)i]?.DeepClone());
        }

        return new JsonObject
        {
            ["itemCount"] = items.Count,
            ["pageCount"] = pageCount,
            ["items"] = array,
        };
    }

    /// <summary>Reads the parameters and writes the page (or the 400).</summary>
    public static Task WriteAsync(HttpContext ctx, IReadOnlyList<JsonNode?> items)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return TryRead(ctx.Request.Query, out var page, out var ipp) is { } error
            ? ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, error)
            : ApiResults.JsonAsync(ctx, Page(items, page, ipp));
    }
}
