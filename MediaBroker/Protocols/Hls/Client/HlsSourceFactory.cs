using MediaBroker.Core;

namespace MediaBroker.Protocols.Hls.Client;

/// <summary>Creates <see cref="HlsSource"/>s for <c>http://</c> and <c>https://</c> sources (MediaMTX reads any such URL as HLS).</summary>
public sealed class HlsSourceFactory(TimeSpan readTimeout, HttpMessageHandler? handler = null) : IStaticSourceFactory
{
    public bool CanHandle(string sourceUrl) =>
        sourceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || sourceUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public IStaticSource Create(string sourceUrl) =>
        Uri.TryCreate(sourceUrl, UriKind.Absolute, out var uri)
            ? new HlsSource(uri, readTimeout, handler)
            : throw new ArgumentException($"'{sourceUrl}' is not a valid URL", nameof(sourceUrl));
}
