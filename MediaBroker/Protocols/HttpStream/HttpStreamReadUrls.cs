using MediaBroker.Core;
using MediaBroker.Net.Http;

namespace MediaBroker.Protocols.HttpStream;

/// <summary>The plain-HTTP outputs of a path (fMP4, HTTP-FLV, MPEG-TS) for the stream info, while the HLS listener is bound.</summary>
internal sealed class HttpStreamReadUrls(HttpListenerDirectory listeners) : IReadUrlSource
{
    public void AddReadUrls(string path, ReadUrlRequest request, ICollection<ReadUrl> urls)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(urls);
        if (listeners.Find(HttpListenerNames.Hls) is not { } bound)
        {
            return;
        }

        var at = request.Origin(HttpListenerNames.Hls, bound.Scheme, bound.EndPoint.Port) + "/" + ReadUrlRequest.EscapePath(path);
        // MistServer's types: html5/<MIME> for what a <video> element or MSE can take, flash/7 for progressive FLV.
        urls.Add(new ReadUrl("HTTP fMP4", "html5/video/mp4", at + HttpStreamFormats.Extension(HttpStreamFormat.Mp4), 40));
        urls.Add(new ReadUrl("HTTP-FLV", "flash/7", at + HttpStreamFormats.Extension(HttpStreamFormat.Flv), 39));
        urls.Add(new ReadUrl("HTTP MPEG-TS", "html5/video/mpeg", at + HttpStreamFormats.Extension(HttpStreamFormat.MpegTs), 38));
    }
}
