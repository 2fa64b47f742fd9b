using MediaBroker.Servers.WebRtc.Dtls;
using MediaBroker.Servers.WebRtc.Mux;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Servers.WebRtc.Sessions;

/// <summary>What every session of one server shares: the ICE port, the DTLS certificate, limits and timeouts.</summary>
internal sealed record WebRtcSessionContext(
    WebRtcPeerDirectory Directory,
    DtlsCertificate Certificate,
    WebRtcServerOptions Options,
    SemaphoreSlim HandshakeLimiter,
    WebRtcSessionRegistry Registry,
    ILogger Logger);
