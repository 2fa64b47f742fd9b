using System.Net;
using Microsoft.AspNetCore.Http;
using MediaBroker.Net;

namespace MediaBroker.Net.Http;

/// <summary>
/// Finds the real client behind trusted reverse proxies. X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host are believed only when
/// the TCP peer is a trusted proxy; the client is then the rightmost X-Forwarded-For address that is not itself a
/// trusted proxy (each proxy appends the address it saw, so addresses left of an untrusted hop could be forged).
/// </summary>
public sealed class HttpForwardedHeaders
{
    private readonly IpNetwork[] _trusted;

    /// <exception cref="ArgumentException">An entry is not an IP address or CIDR block.</exception>
    public HttpForwardedHeaders(IReadOnlyList<string> trustedProxies)
    {
        ArgumentNullException.ThrowIfNull(trustedProxies);
        var list = new List<IpNetwork>(trustedProxies.Count);
        foreach (var t in trustedProxies)
        {
            if (!IpNetwork.TryParse(t, out var n))
            {
                throw new ArgumentException($"trusted proxy '{t}' is not an IP address or CIDR block", nameof(trustedProxies));
            }

            list.Add(n);
        }

        _trusted = [.. list];
    }

    public bool IsEnabled => _trusted.Length > 0;

    public bool IsTrusted(IPAddress address) => IpNetwork.AnyContains(_trusted, address);

    /// <summary>The client address for a request from <paramref name="peer"/> carrying <paramref name="forwardedFor"/> (may be null).</summary>
    public IPAddress ResolveClient(IPAddress peer, string? forwardedFor)
    {
        ArgumentNullException.ThrowIfNull(peer);
        peer = IpNetwork.Normalize(peer);
        if (!IsTrusted(peer) || string.IsNullOrWhiteSpace(forwardedFor))
        {
            return peer;
        }

        var hops = forwardedFor.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var client = peer;
        for (var i = hops.Length - 1; i >= 0; i--)
        {
            if (!TryParseHop(hops[i], out var hop))
            {
                break;
            }

            client = IpNetwork.Normalize(hop);
            if (!IsTrusted(client))
            {
                break;
            }
        }

        return client;
    }

    /// <summary>The scheme a trusted proxy reports ("https"), or null when it may not be believed.</summary>
    public string? ResolveScheme(IPAddress peer, string? forwardedProto)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!IsTrusted(IpNetwork.Normalize(peer)) || string.IsNullOrWhiteSpace(forwardedProto))
        {
            return null;
        }

        var first = forwardedProto.Split(',', StringSplitOptions.TrimEntries)[0].ToLowerInvariant();
        return first is "http" or "https" ? first : null;
    }

    /// <summary>
    /// The host (and port) the client asked a trusted proxy for, from X-Forwarded-Host, or null when it may not be
    /// believed or is not a valid host: URLs the broker builds for the client then name the proxy, not the broker.
    /// </summary>
    public HostString? ResolveHost(IPAddress peer, string? forwardedHost)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!IsTrusted(IpNetwork.Normalize(peer)) || string.IsNullOrWhiteSpace(forwardedHost))
        {
            return null;
        }

        // The first entry is what the client asked the outermost proxy for.
        var first = forwardedHost.Split(',', StringSplitOptions.TrimEntries)[0];
        var host = HostString.FromUriComponent(first);
        return Uri.CheckHostName(host.Host.Trim('[', ']')) == UriHostNameType.Unknown || first.AsSpan().IndexOfAny("/?#@ ") >= 0 ? null : host;
    }

    private static bool TryParseHop(string text, out IPAddress address)
    {
        // "1.2.3.4", "1.2.3.4:5678", "[::1]:5678" or "::1".
        if (IPAddress.TryParse(text, out address!))
        {
            return true;
        }

        if (IPEndPoint.TryParse(text, out var ep))
        {
            address = ep.Address;
            return true;
        }

        return false;
    }
}
