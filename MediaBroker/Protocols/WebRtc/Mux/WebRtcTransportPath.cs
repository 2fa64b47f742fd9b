using System.Net;
using MediaBroker.Net;

namespace MediaBroker.Protocols.WebRtc.Mux;

/// <summary>One validated 5-tuple a session can send on (a UDP address on the shared socket, or an ICE-TCP connection).</summary>
internal abstract class WebRtcTransportPath
{
    protected WebRtcTransportPath(IPEndPoint local, IPEndPoint remote, bool tcp)
    {
        Local = Normalize(local);
        Remote = Normalize(remote);
        IsTcp = tcp;
    }

    public IPEndPoint Local { get; }

    public IPEndPoint Remote { get; }

    public bool IsTcp { get; }

    /// <summary>MediaMTX shows candidates as "host/udp/1.2.3.4/8189".</summary>
    public string LocalCandidate => Describe(Local);

    public string RemoteCandidate => Describe(Remote);

    /// <summary>Sends one packet; never throws for network errors (UDP is lossy anyway). Thread-safe.</summary>
    public abstract void Send(ReadOnlySpan<byte> packet);

    /// <summary>Sends the batch's datagrams in order and empties it; never throws for network errors.</summary>
    public virtual void Send(UdpDatagramBatch batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            Send(batch.Datagram(i));
        }

        batch.Clear();
    }

    public static IPEndPoint Normalize(IPEndPoint e) =>
        e.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(e.Address.MapToIPv4(), e.Port) : e;

    private string Describe(IPEndPoint e) => $"host/{(IsTcp ? "tcp" : "udp")}/{e.Address}/{e.Port}";
}
