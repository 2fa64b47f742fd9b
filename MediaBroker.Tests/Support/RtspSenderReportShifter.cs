using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MediaBroker.Tests;

/// <summary>
/// A TCP proxy between an RTSP publisher (interleaved transport) and the broker that moves the NTP time of every RTCP
/// sender report the publisher sends by <see cref="Shift"/>, so a real client (ffmpeg) appears to run on a clock far
/// from ours. RTSP messages and RTP pass through untouched. One connection; dispose to stop.
/// </summary>
internal sealed class RtspSenderReportShifter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private int _shifted;

    public RtspSenderReportShifter(IPEndPoint upstream, TimeSpan shift)
    {
        _upstream = upstream;
        Shift = shift;
        _listener.Start();
        _run = RunAsync(_stop.Token);
    }

    public TimeSpan Shift { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Sender reports rewritten so far.</summary>
    public int SenderReportsShifted => Volatile.Read(ref _shifted);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        using var client = await _listener.AcceptTcpClientAsync(ct);
        using var server = new TcpClient();
        await server.ConnectAsync(_upstream, ct);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var down = server.GetStream().CopyToAsync(client.GetStream(), linked.Token);
        var up = CopyShiftingAsync(client.GetStream(), server.GetStream(), linked.Token);
        await Task.WhenAny(down, up);
        await linked.CancelAsync();
        await Task.WhenAll(down, up).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Forwards whole RTSP messages and interleaved frames ('$', channel, 16-bit length, RFC 2326 §10.12).</summary>
    private async Task CopyShiftingAsync(NetworkStream from, NetworkStream to, CancellationToken ct)
    {
        var buffer = new byte[1 << 20];
        var count = 0;
        while (true)
        {
            var n = await from.ReadAsync(buffer.AsMemory(count), ct);
            if (n == 0)
            {
                return;
            }

            count += n;
            var used = 0;
            while (TryFrame(buffer.AsSpan(used, count - used), out var length, out var rtcp))
            {
                if (rtcp)
                {
                    ShiftSenderReports(buffer.AsSpan(used + 4, length - 4));
                }

                used += length;
            }

            await to.WriteAsync(buffer.AsMemory(0, used), ct);
            buffer.AsSpan(used, count - used).CopyTo(buffer);
            count -= used;
        }
    }

    private static bool TryFrame(ReadOnlySpan<byte> data, out int length, out bool rtcp)
    {
        length = 0;
        rtcp = false;
        if (data.IsEmpty)
        {
            return false;
        }

        if (data[0] == (byte)'$')
        {
            if (data.Length < 4 || data.Length < 4 + BinaryPrimitives.ReadUInt16BigEndian(data[2..]))
            {
                return false;
            }

            length = 4 + BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            rtcp = data[1] % 2 == 1;
            return true;
        }

        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var head = Encoding.ASCII.GetString(data[..end]);
        var body = 0;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                body = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        length = end + 4 + body;
        return data.Length >= length;
    }

    /// <summary>Moves the NTP seconds (RFC 3550 §6.4.1, bytes 8-11 of a sender report) of each SR of a compound packet.</summary>
    private void ShiftSenderReports(Span<byte> compound)
    {
        while (compound.Length >= 8)
        {
            var size = (BinaryPrimitives.ReadUInt16BigEndian(compound[2..]) + 1) * 4;
            if (size > compound.Length)
            {
                return;
            }

            if (compound[1] == 200 && size >= 28)
            {
                var seconds = BinaryPrimitives.ReadUInt32BigEndian(compound[8..]);
                BinaryPrimitives.WriteUInt32BigEndian(compound[8..], unchecked((uint)(seconds + (long)Shift.TotalSeconds)));
                Interlocked.Increment(ref _shifted);
            }

            compound = compound[size..];
        }
    }
}
