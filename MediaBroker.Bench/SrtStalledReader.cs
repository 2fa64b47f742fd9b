using System.Globalization;
using System.Net;
using MediaBroker.Protocols.Srt;
using MediaBroker.Protocols.Srt.Native;

namespace MediaBroker.Bench;

/// <summary>
/// An SRT reader (caller, streamid <c>read:path</c>, on the broker's libsrt binding) that stops calling receive once
/// media flows. libsrt keeps acknowledging, so its receive buffer (kept small) fills and the flow window it advertises to
/// the broker closes. Proof: libsrt's own statistics of the socket: packets it took from the broker after the
/// application stopped reading (held in the receive buffer, then dropped).
/// </summary>
internal sealed class SrtStalledReader(StallContext context) : IStalledReader
{
    /// <summary>SRTO_RCVBUF in bytes; libsrt raises anything below 32 packets to that.</summary>
    private const int ReceiveBufferBytes = 64 * 1024;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstMediaTimeout = TimeSpan.FromSeconds(20);
    private SrtSocket? _socket;
    private int _freeAtStart;
    private long _receivedAtStart;

    public async Task StartAsync(CancellationToken ct)
    {
        if (!context.Srt.TryGet(out var api, out var poller))
        {
            throw new InvalidDataException(context.Srt.Error ?? SrtApi.InstallHint);
        }

        var handle = api.CreateSocket();
        try
        {
            if (api.SetString(handle, SrtOption.StreamId, "read:" + context.Path) < 0 || api.SetInt(handle, SrtOption.RcvBuf, ReceiveBufferBytes) < 0)
            {
                throw new InvalidDataException("cannot set the SRT stream id or receive buffer: " + api.ErrorText(api.LastErrorCode()));
            }

            _socket = SrtSocket.Adopt(api, poller, handle, connecting: true);
        }
        catch
        {
            api.Close(handle);
            throw;
        }

        if (api.Connect(handle, SrtSockAddr.Encode(new IPEndPoint(IPAddress.Loopback, context.Ports.Srt))) < 0)
        {
            throw new InvalidDataException("srt_connect: " + api.ErrorText(api.LastErrorCode()));
        }

        await _socket.WaitConnectedAsync(ConnectTimeout, ct);
        var buffer = new byte[1500];
        await _socket.ReceiveAsync(buffer, FirstMediaTimeout, ct);
        var stats = _socket.ReadStats();
        _freeAtStart = stats.ByteAvailRcvBuf;
        _receivedAtStart = stats.PktRecvTotal;
    }

    public string? Proof()
    {
        if (_socket is null)
        {
            return null;
        }

        var s = _socket.ReadStats();
        var since = s.PktRecvTotal - _receivedAtStart;
        // The application read nothing since its first message while libsrt kept taking the broker's packets: held in
        // its receive buffer until full, then dropped.
        return since > 0 || s.PktRcvDropTotal > 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"read nothing after its first message while libsrt received {since} more packets (receive buffer {s.ByteAvailRcvBuf} of {_freeAtStart} bytes free, {s.PktRcvDropTotal} packets dropped)")
            : null;
    }

    public ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        return ValueTask.CompletedTask;
    }
}
