using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using MediaBroker.Core;
using MediaBroker.Streams.MpegTs;

namespace MediaBroker.Protocols.Udp;

/// <summary>
/// Receives MPEG-TS over UDP (<c>source: udp+mpegts://ip:port</c>): unicast on a local address, broadcast,
/// or a multicast group joined on the chosen interface (any-source, or source-specific with <c>?source=</c>).
/// </summary>
public sealed class UdpMpegTsSource(UdpSourceUrl url, UdpSourceOptions options) : IStaticSource
{
    // Linux IPPROTO_IP option numbers (in.h): .NET has no portable source-specific join.
    private const int IpAddSourceMembership = 39;

    public string ApiType => "mpegtsSource";

    public async Task RunAsync(StaticSourceContext context, CancellationToken ct)
    {
        using var socket = OpenSocket(url, options);
        var ingest = new MpegTsIngest(context.SetReady, context.Logger, "source " + context.PathName);
        var buffer = new byte[65536];
        var from = new SocketAddress(socket.AddressFamily);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            while (true)
            {
                if (ingest.Stream is not null)
                {
                    timeout.CancelAfter(options.ReadTimeout); // before the first packet a quiet sender is not an error
                }

                var n = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, timeout.Token).ConfigureAwait(false);
                if (url.Source is { } allowed && !url.IsMulticast && !FromAddress(from, allowed))
                {
                    continue;
                }

                ingest.Push(buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no UDP data for {options.ReadTimeout.TotalSeconds:0.#} s");
        }
    }

    private static bool FromAddress(SocketAddress from, IPAddress allowed)
    {
        Span<byte> expected = stackalloc byte[16];
        allowed.TryWriteBytes(expected, out var length);
        // sockaddr_in keeps the IPv4 address at offset 4, sockaddr_in6 at 8.
        var buf = from.Buffer.Span;
        return length == 4 ? buf.Slice(4, 4).SequenceEqual(expected[..4]) : buf.Slice(8, 16).SequenceEqual(expected[..16]);
    }

    /// <summary>Binds (and joins the group, for multicast) as the URL says.</summary>
    internal static Socket OpenSocket(UdpSourceUrl url, UdpSourceOptions options)
    {
        var group = url.EndPoint.Address;
        var socket = new Socket(group.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (options.UdpReadBufferSize > 0)
            {
                socket.ReceiveBufferSize = options.UdpReadBufferSize;
            }

            if (!url.IsMulticast)
            {
                socket.EnableBroadcast = group.Equals(IPAddress.Broadcast) || group.Equals(IPAddress.Any);
                socket.Bind(group.Equals(IPAddress.Broadcast) ? new IPEndPoint(IPAddress.Any, url.EndPoint.Port) : url.EndPoint);
                return socket;
            }

            // Binding to the group (Linux) keeps datagrams of other groups on the same port out.
            socket.Bind(OperatingSystem.IsLinux() ? url.EndPoint : new IPEndPoint(group.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, url.EndPoint.Port));
            Join(socket, group, url);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void Join(Socket socket, IPAddress group, UdpSourceUrl url)
    {
        var iface = url.Interface is null ? null : FindInterface(url.Interface);
        if (group.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var index = iface?.GetIPProperties().GetIPv6Properties().Index ?? 0;
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group, index));
            return;
        }

        var local = iface?.GetIPProperties().UnicastAddresses.FirstOrDefault(a => a.Address.AddressFamily == AddressFamily.InterNetwork)?.Address
            ?? IPAddress.Any;
        if (url.Source is { } source)
        {
            // struct ip_mreq_source { imr_multiaddr; imr_interface; imr_sourceaddr; } on Linux.
            Span<byte> mreq = stackalloc byte[12];
            group.TryWriteBytes(mreq[..4], out _);
            local.TryWriteBytes(mreq.Slice(4, 4), out _);
            source.TryWriteBytes(mreq.Slice(8, 4), out _);
            socket.SetRawSocketOption((int)SocketOptionLevel.IP, IpAddSourceMembership, mreq);
            return;
        }

        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, local));
    }

    private static NetworkInterface FindInterface(string name) =>
        Array.Find(NetworkInterface.GetAllNetworkInterfaces(), n => n.Name == name)
        ?? throw new ArgumentException($"network interface '{name}' does not exist", nameof(name));
}
