using MediaBroker.Core;
using MediaBroker.Net.Http;

namespace MediaBroker.Protocols.WebRtc;

/// <summary>
/// The WHEP endpoint of a path (<c>/{path}/whep</c>) for the stream info, while the signalling listener is bound. Reads
/// the binding from the directory rather than the server, which itself depends on the info's handler.
/// </summary>
internal sealed class WebRtcReadUrls(HttpListenerDirectory listeners) : IReadUrlSource
{
    public void AddReadUrls(string path, ReadUrlRequest request, ICollection<ReadUrl> urls)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(urls);
        if (listeners.Find(HttpListenerNames.WebRtc) is not { } bound)
        {
            return;
        }

        var origin = request.Origin(HttpListenerNames.WebRtc, bound.Scheme, bound.EndPoint.Port);
        urls.Add(new ReadUrl("WebRTC", "whep", $"{origin}/{ReadUrlRequest.EscapePath(path)}/whep", 90));
    }
}
