using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Mux;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.WebRtc.Sessions;

/// <summary>What every session of one server shares: the ICE port, the DTLS certificate, limits and timeouts.</summary>
internal sealed record WebRtcSessionContext(
    WebRtcPeerDirectory Directory,
    DtlsCertificate Certificate,
    WebRtcServerOptions Options,
    SemaphoreSlim HandshakeLimiter,
    WebRtcSessionRegistry Registry,
    ILogger Logger);
