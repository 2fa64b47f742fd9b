using MediaBroker.Core;

namespace MediaBroker.Sources.Udp;

/// <summary>
/// Creates sources for <c>udp+mpegts://</c> (and the older <c>udp://</c>) and <c>unix+mpegts://</c>.
/// Register in DI as an <see cref="IStaticSourceFactory"/>. (<c>udp+rtp://</c> with <c>rtpSDP</c> is not handled yet.)
/// </summary>
public sealed class UdpSourceFactory(UdpSourceOptions? options = null) : IStaticSourceFactory
{
    private readonly UdpSourceOptions _options = options ?? new UdpSourceOptions();

    public bool CanHandle(string sourceUrl) =>
        sourceUrl.StartsWith("udp+mpegts://", StringComparison.OrdinalIgnoreCase)
        || sourceUrl.StartsWith("udp://", StringComparison.OrdinalIgnoreCase)
        || sourceUrl.StartsWith(UnixMpegTsSource.Scheme, StringComparison.OrdinalIgnoreCase);

    public IStaticSource Create(string sourceUrl)
    {
        if (sourceUrl.StartsWith(UnixMpegTsSource.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var path = sourceUrl[UnixMpegTsSource.Scheme.Length..];
            return path.Length == 0 ? throw new ArgumentException("unix+mpegts:// needs a socket path", nameof(sourceUrl)) : new UnixMpegTsSource(path, _options);
        }

        return UdpSourceUrl.TryParse(sourceUrl, out var url, out var error)
            ? new UdpMpegTsSource(url!, _options)
            : throw new ArgumentException(error, nameof(sourceUrl));
    }
}
