using MediaBroker.Core;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>The <c>rtsp://</c> and <c>rtsps://</c> URLs of a path for the stream info, for each listener that is bound.</summary>
internal sealed class RtspReadUrls(RtspServer server) : IReadUrlSource
{
    public void AddReadUrls(string path, ReadUrlRequest request, ICollection<ReadUrl> urls)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(urls);
        var name = ReadUrlRequest.EscapePath(path);
        if (server.BoundEndPoint is { } plain)
        {
            urls.Add(new ReadUrl("RTSP", "rtsp", $"rtsp://{request.Host}:{plain.Port}/{name}", 70));
        }

        if (server.RtspsBoundEndPoint is { } tls)
        {
            urls.Add(new ReadUrl("RTSPS", "rtsps", $"rtsps://{request.Host}:{tls.Port}/{name}", 69));
        }
    }
}
