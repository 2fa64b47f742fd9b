using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Tests.Protocols.WebRtc.Support;

/// <summary>
/// A STUN server on loopback (RFC 8489 Binding, written byte by byte here, not with the broker's STUN code): it
/// answers each Binding request with a XOR-MAPPED-ADDRESS of <see cref="MappedAddress"/> and the requester's port,
/// as a server behind which NAT maps the port unchanged would; or, when <c>silent</c>, records requests and never answers.
/// </summary>
internal sealed class TestStunServer : IAsyncDisposable
{
    private const uint MagicCookie = 0x2112A442;
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly bool _silent;

    public TestStunServer(IPAddress mappedAddress, bool silent = false)
    {
        MappedAddress = mappedAddress;
        _silent = silent;
        _loop = RunAsync(_stop.Token);
    }

    public IPAddress MappedAddress { get; }

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    /// <summary>Where every Binding request came from.</summary>
    public ConcurrentQueue<IPEndPoint> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var received = await _udp.ReceiveAsync(ct);
            var m = received.Buffer;
            if (m.Length < 20 || BinaryPrimitives.ReadUInt16BigEndian(m) != 0x0001 || BinaryPrimitives.ReadUInt32BigEndian(m.AsSpan(4)) != MagicCookie)
            {
                continue;
            }

            Requests.Enqueue(received.RemoteEndPoint);
            if (_silent)
            {
                continue;
            }

            // Binding success response: header (type, length 12, cookie, transaction id) + XOR-MAPPED-ADDRESS (IPv4).
            var answer = new byte[32];
            BinaryPrimitives.WriteUInt16BigEndian(answer, 0x0101);
            BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(2), 12);
            BinaryPrimitives.WriteUInt32BigEndian(answer.AsSpan(4), MagicCookie);
            m.AsSpan(8, 12).CopyTo(answer.AsSpan(8));
            BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(20), 0x0020);
            BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(22), 8);
            answer[25] = 0x01;
            BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(26), (ushort)(received.RemoteEndPoint.Port ^ (MagicCookie >> 16)));
            var ip = BinaryPrimitives.ReadUInt32BigEndian(MappedAddress.GetAddressBytes());
            BinaryPrimitives.WriteUInt32BigEndian(answer.AsSpan(28), ip ^ MagicCookie);
            await _udp.SendAsync(answer, received.RemoteEndPoint, ct);
        }
    }
}
