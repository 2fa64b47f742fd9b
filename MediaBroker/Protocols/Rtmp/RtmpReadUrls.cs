using MediaBroker.Core;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>The <c>rtmp://</c> and <c>rtmps://</c> URLs of a path for the stream info, for each listener that is bound.</summary>
internal sealed class RtmpReadUrls(RtmpBrokerServer server) : IReadUrlSource
{
    public void AddReadUrls(string path, ReadUrlRequest request, ICollection<ReadUrl> urls)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(urls);
        if (server.Server is not { } running)
        {
            return;
        }

        // MistServer's type for RTMP is flash/10.
        var name = ReadUrlRequest.EscapePath(path);
        if (running.BoundEndPoint is { } plain)
        {
            urls.Add(new ReadUrl("RTMP", "flash/10", $"rtmp://{request.Host}:{plain.Port}/{name}", 60));
        }

        if (running.RtmpsBoundEndPoint is { } tls)
        {
            urls.Add(new ReadUrl("RTMPS", "flash/10", $"rtmps://{request.Host}:{tls.Port}/{name}", 59));
        }
    }
}
