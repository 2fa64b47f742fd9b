using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Net;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>Runs the RTMP/RTMPS server from the configuration; restarted alone when its keys change.</summary>
public sealed class RtmpBrokerServer(PathManager paths, ILoggerFactory loggerFactory, IConnectionHooks? hooks = null) : IBrokerServer
{
    private RtmpServer? _server;

    public string Name => "RTMP";

    public IReadOnlySet<string> ConfKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "rtmp", "rtmpEncryption", "rtmpAddress", "rtmpsAddress", "rtmpServerKey", "rtmpServerCert", "rtmpTrustedProxies",
        "readTimeout", "writeTimeout", "dumpPackets",
    };

    /// <summary>The running server, for the API; null when disabled.</summary>
    public RtmpServer? Server => Volatile.Read(ref _server);

    public IReadOnlyList<BoundListener> Listeners => Server is not { } s ? [] :
    [
        .. s.BoundEndPoint is { } plain ? [new BoundListener("rtmp", "rtmp", plain)] : Array.Empty<BoundListener>(),
        .. s.RtmpsBoundEndPoint is { } tls ? [new BoundListener("rtmp", "rtmps", tls)] : Array.Empty<BoundListener>(),
    ];

    public static RtmpServerOptions OptionsFrom(BrokerConf c) => new()
    {
        Address = ListenAddress.Parse(c.RtmpAddress),
        RtmpsAddress = ListenAddress.Parse(c.RtmpsAddress),
        Encryption = c.RtmpEncryption switch
        {
            "strict" => RtmpEncryption.Strict,
            "optional" => RtmpEncryption.Optional,
            _ => RtmpEncryption.No,
        },
        ServerKey = c.RtmpServerKey,
        ServerCert = c.RtmpServerCert,
        TrustedProxies = c.RtmpTrustedProxies,
        ReadTimeout = c.ReadTimeout,
        WriteTimeout = c.WriteTimeout,
        DumpPackets = c.DumpPackets,
    };

    public async Task StartAsync(BrokerConf conf, CancellationToken ct)
    {
        if (!conf.Rtmp)
        {
            return;
        }

        var server = new RtmpServer(OptionsFrom(conf), paths, loggerFactory, hooks);
        try
        {
            await server.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Volatile.Write(ref _server, server);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
