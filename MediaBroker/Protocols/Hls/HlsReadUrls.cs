using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Net.Http;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// The HLS playlist of a path (<c>/{path}/index.m3u8</c>) for the stream info, while the HLS listener is bound. Reads
/// the binding from the directory rather than the server, which itself depends on the info's handler.
/// </summary>
internal sealed class HlsReadUrls(HttpListenerDirectory listeners, ConfState conf) : IReadUrlSource
{
    public void AddReadUrls(string path, ReadUrlRequest request, ICollection<ReadUrl> urls)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(urls);
        if (listeners.Find(HttpListenerNames.Hls) is not { } bound)
        {
            return;
        }

        var origin = request.Origin(HttpListenerNames.Hls, bound.Scheme, bound.EndPoint.Port);
        var name = HlsVariants.Parse(conf.Current.HlsVariant) == HlsVariant.LowLatency ? "LL-HLS" : "HLS";
        urls.Add(new ReadUrl(name, "html5/application/vnd.apple.mpegurl", $"{origin}/{ReadUrlRequest.EscapePath(path)}/{HlsPlaylist.MultivariantName}", 80));
    }
}
