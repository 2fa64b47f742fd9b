using Microsoft.AspNetCore.Http;

namespace MediaBroker.Net.Http;

/// <summary>
/// Extra routes on one of the broker's HTTP listeners, contributed by a protocol that must not know the listener's
/// owner (HTTP-FLV and friends on the HLS listener). Registered in DI; the listener named <see cref="Listener"/> asks
/// every handler, in registration order, before its own routing, after the shared CORS and trusted-proxy handling.
/// </summary>
public interface IHttpRequestHandler
{
    /// <summary>The listener served (<see cref="HttpListenerNames"/>).</summary>
    string Listener { get; }

    /// <summary>
    /// Answers the request when it is one of the handler's own and returns true; returns false, having touched
    /// nothing, to leave it to the listener. Long-running answers end on <c>ctx.RequestAborted</c>.
    /// </summary>
    ValueTask<bool> TryHandleAsync(HttpContext ctx);
}
