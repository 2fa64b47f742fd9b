using System.Net;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>The RTMP server's settings, mapped from MediaMTX's <c>rtmp*</c> keys.</summary>
public sealed record RtmpServerOptions
{
    /// <summary><c>rtmpAddress</c> (":1935"); used unless encryption is strict.</summary>
    public IPEndPoint Address { get; init; } = new(IPAddress.IPv6Any, 1935);

    /// <summary><c>rtmpsAddress</c> (":1936"); used when encryption is optional or strict.</summary>
    public IPEndPoint RtmpsAddress { get; init; } = new(IPAddress.IPv6Any, 1936);

    public RtmpEncryption Encryption { get; init; } = RtmpEncryption.No;

    /// <summary><c>rtmpServerCert</c>: PEM certificate (chain) for RTMPS.</summary>
    public string ServerCert { get; init; } = "server.crt";

    /// <summary><c>rtmpServerKey</c>: PEM private key for RTMPS.</summary>
    public string ServerKey { get; init; } = "server.key";

    /// <summary>A certificate to use instead of loading <see cref="ServerCert"/> and <see cref="ServerKey"/> (tests, embedding).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; init; }

    /// <summary><c>rtmpTrustedProxies</c>: peers whose connections start with a PROXY protocol header.</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary><c>readTimeout</c>: a publisher (or a client still negotiating) silent this long is closed.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>writeTimeout</c>: a write the peer does not accept within this time closes the connection.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>dumpPackets</c>: each connection's bytes go to a pcapng file in the working directory.</summary>
    public bool DumpPackets { get; init; }

    /// <summary>Parses MediaMTX's address form (":1935", "0.0.0.0:1935", "[::1]:1935").</summary>
    public static IPEndPoint ParseAddress(string address)
    {
        if (address.StartsWith(':'))
        {
            return new IPEndPoint(IPAddress.IPv6Any, int.Parse(address.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture));
        }

        return IPEndPoint.Parse(address);
    }
}
