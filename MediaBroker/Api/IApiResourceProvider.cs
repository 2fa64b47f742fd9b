namespace MediaBroker.Api;

/// <summary>
/// One protocol resource of the REST API (rtspconns, rtspsessions, rtmpconns, srtconns, webrtcsessions,
/// hlsmuxers, hlssessions...). Registered in DI; the API server generates <c>/v3/{Name}/list</c>,
/// <c>/v3/{Name}/get/{id}</c> and, when <see cref="CanKick"/>, <c>POST /v3/{Name}/kick/{id}</c>.
/// Implementations must be thread-safe; <see cref="ApiResource{T}"/> covers the usual case in one line.
/// </summary>
public interface IApiResourceProvider
{
    /// <summary>The URL segment, e.g. "rtmpconns".</summary>
    string Name { get; }

    /// <summary>The item type (a record whose camelCase properties are MediaMTX's JSON fields); used by the OpenAPI document.</summary>
    Type ItemType { get; }

    bool CanKick { get; }

    /// <summary>False while the server behind it is disabled: its routes then answer 404, as in MediaMTX.</summary>
    bool IsEnabled { get; }

    /// <summary>A snapshot of the current items, in a stable order.</summary>
    IReadOnlyList<object> List();

    /// <summary>The item with this key (a UUID, or a path name for HLS muxers), or null.</summary>
    object? Get(string key);

    /// <summary>Disconnects the item; false when it does not exist.</summary>
    bool Kick(Guid id);
}
