using MediaBroker.Core;
using MediaBroker.Streams.MpegTs;

namespace MediaBroker.Protocols.Udp;

/// <summary>
/// Creates sources for <c>udp+mpegts://</c> (and the older <c>udp://</c>), <c>unix+mpegts://</c>
/// and <c>udp+rtp://</c> (with the path's <c>rtpSDP</c>). Register in DI as an <see cref="IStaticSourceFactory"/>.
/// </summary>
public sealed class UdpSourceFactory(UdpSourceOptions? options = null) : IStaticSourceFactory
{
    private readonly UdpSourceOptions _options = options ?? new UdpSourceOptions();

    public bool CanHandle(string sourceUrl) =>
        sourceUrl.StartsWith("udp+mpegts://", StringComparison.OrdinalIgnoreCase)
        || sourceUrl.StartsWith("udp://", StringComparison.OrdinalIgnoreCase)
        || sourceUrl.StartsWith("udp+rtp://", StringComparison.OrdinalIgnoreCase)
        || sourceUrl.StartsWith(UnixMpegTsSource.Scheme, StringComparison.OrdinalIgnoreCase);

    public IStaticSource Create(string sourceUrl)
    {
        if (sourceUrl.StartsWith(UnixMpegTsSource.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var path = sourceUrl[UnixMpegTsSource.Scheme.Length..];
            return path.Length == 0 ? throw new ArgumentException("unix+mpegts:// needs a socket path", nameof(sourceUrl)) : new UnixMpegTsSource(path, _options);
        }

        if (!UdpSourceUrl.TryParse(sourceUrl, out var url, out var error))
        {
            throw new ArgumentException(error, nameof(sourceUrl));
        }

        return sourceUrl.StartsWith("udp+rtp://", StringComparison.OrdinalIgnoreCase)
            ? new UdpRtpSource(url!, _options)
            : new UdpMpegTsSource(url!, _options);
    }
}
