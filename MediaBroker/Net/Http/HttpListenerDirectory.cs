using System.Collections.Concurrent;
using System.Net;

namespace MediaBroker.Net.Http;

/// <summary>
/// Where the broker's HTTP listeners are bound right now, by <see cref="HttpListenerNames"/> name: the owner of a
/// listener records it when it starts and removes it when it stops, so that a handler served on that listener by
/// another folder (HTTP-FLV on the HLS listener) can name its URLs without knowing the owner.
/// </summary>
public sealed class HttpListenerDirectory
{
    private readonly ConcurrentDictionary<string, HttpListenerBinding> _bound = new(StringComparer.Ordinal);

    public void Set(string listener, IPEndPoint endPoint, bool https) => _bound[listener] = new HttpListenerBinding(endPoint, https);

    public void Remove(string listener) => _bound.TryRemove(listener, out _);

    /// <summary>The listener's binding, or null while it is not listening.</summary>
    public HttpListenerBinding? Find(string listener) => _bound.GetValueOrDefault(listener);
}

/// <summary>One bound HTTP listener: its endpoint (real port) and whether it speaks HTTPS.</summary>
public sealed record HttpListenerBinding(IPEndPoint EndPoint, bool Https)
{
    public string Scheme => Https ? "https" : "http";
}
