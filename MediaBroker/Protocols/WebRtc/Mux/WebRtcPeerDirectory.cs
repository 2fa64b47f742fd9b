using System.Collections.Concurrent;

namespace MediaBroker.Protocols.WebRtc.Mux;

/// <summary>
/// The sessions waiting for or using ICE, by local ufrag: the UDP port and the ICE-TCP listener look up the
/// session of a first connectivity check here, and drop their bindings when a session leaves.
/// </summary>
internal sealed class WebRtcPeerDirectory
{
    private readonly ConcurrentDictionary<string, IWebRtcPeer> _byUfrag = new(StringComparer.Ordinal);

    /// <summary>Raised after a session was removed; ports forget its addresses and connections.</summary>
    public event Action<IWebRtcPeer>? PeerRemoved;

    public int Count => _byUfrag.Count;

    public void Register(string ufrag, IWebRtcPeer peer) => _byUfrag[ufrag] = peer;

    public bool TryGet(string ufrag, out IWebRtcPeer peer) => _byUfrag.TryGetValue(ufrag, out peer!);

    public void Unregister(string ufrag, IWebRtcPeer peer)
    {
        if (_byUfrag.TryRemove(new KeyValuePair<string, IWebRtcPeer>(ufrag, peer)))
        {
            PeerRemoved?.Invoke(peer);
        }
    }
}
