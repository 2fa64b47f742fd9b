namespace MediaBroker.Net;

/// <summary>
/// The <c>name=value</c> parameters of a URL query (<c>a=1&amp;b=x%20y</c>, with or without the leading '?'), in order,
/// without allocating: names and values are slices of the query, values still percent-encoded until
/// <see cref="UrlQueryParameter.DecodeValue"/>. Pairs without '=' or with an empty name carry nothing and are skipped.
/// <code>foreach (var p in new UrlQuery(query)) { if (p.Name is "latency") ... }</code>
/// </summary>
internal ref struct UrlQuery
{
    private ReadOnlySpan<char> _rest;

    public UrlQuery(ReadOnlySpan<char> query)
    {
        _rest = query.StartsWith('?') ? query[1..] : query;
    }

    public UrlQueryParameter Current { get; private set; }

    /// <summary>Splits a URL (after its scheme) at the first '?' into what comes before and the query.</summary>
    public static ReadOnlySpan<char> SplitQuery(ReadOnlySpan<char> url, out ReadOnlySpan<char> query)
    {
        var q = url.IndexOf('?');
        query = q < 0 ? [] : url[(q + 1)..];
        return q < 0 ? url : url[..q];
    }

    public readonly UrlQuery GetEnumerator() => this;

    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            var amp = _rest.IndexOf('&');
            var pair = amp < 0 ? _rest : _rest[..amp];
            _rest = amp < 0 ? [] : _rest[(amp + 1)..];
            var eq = pair.IndexOf('=');
            if (eq > 0)
            {
                Current = new UrlQueryParameter(pair[..eq], pair[(eq + 1)..]);
                return true;
            }
        }

        return false;
    }
}
