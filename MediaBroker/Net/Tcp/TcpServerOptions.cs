using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MediaBroker.Net.Tcp;

/// <param name="Name">Shown in logs ("RTSP", "RTMPS").</param>
/// <param name="Certificate">When set, every connection is TLS.</param>
/// <param name="TrustedProxies">IPs or CIDRs whose connections start with a PROXY protocol (v1 or v2) header.</param>
public sealed record TcpServerOptions(string Name, IPEndPoint Endpoint, X509Certificate2? Certificate = null, IReadOnlyList<string>? TrustedProxies = null)
{
    /// <summary>How long a client may take to send the PROXY header and finish the TLS handshake (the servers pass <c>readTimeout</c>).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a flush may wait for the peer to take the bytes (<c>writeTimeout</c>) before it fails.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>dumpPackets</c>: when set, every connection's bytes go to a pcapng file named with this prefix in the working
    /// directory (<see cref="Dump.PacketDumpFile"/>); null, nothing is copied.
    /// </summary>
    public string? DumpPrefix { get; init; }
}
