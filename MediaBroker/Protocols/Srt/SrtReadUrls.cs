using MediaBroker.Core;

namespace MediaBroker.Protocols.Srt;

/// <summary>The <c>srt://…?streamid=read:path</c> URL of a path for the stream info, while the SRT listener is bound.</summary>
internal sealed class SrtReadUrls(SrtServer server) : IReadUrlSource
{
    public void AddReadUrls(string path, ReadUrlRequest request, ICollection<ReadUrl> urls)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(urls);
        if (server.BoundEndPoint is { } bound)
        {
            urls.Add(new ReadUrl("SRT", "srt", $"srt://{request.Host}:{bound.Port}?streamid=read:{Uri.EscapeDataString(path)}", 50));
        }
    }
}
