using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>
/// The RTSP reader over UDP: SETUP with <c>RTP/AVP;unicast;client_port=a-b</c> per track (an RTP and an RTCP socket
/// bound on 127.0.0.1), PLAY, then one receive loop per socket with a reused buffer. The TCP connection only
/// carries keep-alives (GET_PARAMETER at half the session timeout) and tells us when the broker closes the session.
/// </summary>
internal sealed partial class RtspReader
{
    public static async Task RunUdpAsync(int port, string path, ReaderCounters counters, CancellationToken ct)
    {
        var sockets = new List<Socket>();
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync("127.0.0.1", port, ct);
            var network = client.GetStream();
            await using var stream = new BufferedStream(network, 4096);
            var reader = await PlayUdpAsync(stream, network, port, path, sockets, ct);

            using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var loops = new List<Task>();
            for (var i = 0; i < sockets.Count; i++)
            {
                loops.Add(ReceiveUdpAsync(sockets[i], i % 2 == 0 ? counters : null, session.Token));
            }

            loops.Add(DrainControlAsync(stream, session.Token));
            loops.Add(reader.KeepAliveAsync(session.Token));
            // The first loop to end (an error, or the broker closing the TCP connection) ends the reader.
            var first = await Task.WhenAny(loops);
            await session.CancelAsync();
            await Task.WhenAll(loops.Select(t => t.ContinueWith(static _ => { }, TaskScheduler.Default)));
            if (ct.IsCancellationRequested)
            {
                // Leaving: end the UDP session now, not at the broker's session timeout; until then its client ports stay
                // registered and a next reader that the kernel gives the same port pair is refused (SETUP 400).
                await reader.TeardownAsync();
            }

            await first;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Normal end of the run.
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or EndOfStreamException)
        {
            counters.Error = ex.Message;
        }
        finally
        {
            foreach (var s in sockets)
            {
                s.Dispose();
            }
        }
    }

    /// <summary>
    /// OPTIONS, DESCRIBE, SETUP per track with a freshly bound RTP/RTCP socket pair (added to <paramref name="sockets"/>,
    /// which the caller disposes) and PLAY on an open connection.
    /// </summary>
    private static async Task<RtspReader> PlayUdpAsync(Stream stream, Stream network, int port, string path, List<Socket> sockets, CancellationToken ct)
    {
        var reader = new RtspReader(stream, network, $"rtsp://127.0.0.1:{port}/{path}");
        await reader.RequestAsync("OPTIONS", reader._url, null, ct);
        var (headers, sdp) = await reader.RequestAsync("DESCRIBE", reader._url, "Accept: application/sdp\r\n", ct);
        var baseUrl = headers.TryGetValue("content-base", out var cb) ? cb : reader._url + "/";
        foreach (var control in Controls(sdp))
        {
            var (rtp, rtcp) = BindPair();
            sockets.Add(rtp);
            sockets.Add(rtcp);
            var trackUrl = control.StartsWith("rtsp://", StringComparison.Ordinal) ? control : baseUrl.TrimEnd('/') + "/" + control;
            var rtpPort = ((IPEndPoint)rtp.LocalEndPoint!).Port;
            var rtcpPort = ((IPEndPoint)rtcp.LocalEndPoint!).Port;
            await reader.RequestAsync("SETUP", trackUrl, $"Transport: RTP/AVP;unicast;client_port={rtpPort}-{rtcpPort}\r\n", ct);
        }

        await reader.RequestAsync("PLAY", reader._url, "Range: npt=0.000-\r\n", ct);
        return reader;
    }

    /// <summary>TEARDOWN within 2 s, best effort.</summary>
    private async Task TeardownAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await RequestAsync("TEARDOWN", _url, null, timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or EndOfStreamException or OperationCanceledException)
        {
            // Best effort: the broker's session timeout ends it otherwise.
        }
    }

    /// <summary>An RTP socket on an even port and its RTCP socket on the next one (RFC 3550 §11), or any two ports if that keeps failing.</summary>
    private static (Socket Rtp, Socket Rtcp) BindPair()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var rtp = Bind(0);
            var p = ((IPEndPoint)rtp.LocalEndPoint!).Port;
            if (p % 2 == 0 && p < 65535)
            {
                try
                {
                    return (rtp, Bind(p + 1));
                }
                catch (SocketException)
                {
                    // p + 1 is taken; try another pair.
                }
            }

            rtp.Dispose();
        }

        return (Bind(0), Bind(0));
    }

    private static Socket Bind(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            s.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    /// <summary>One receive per datagram into a buffer reused for the reader's life; RTCP (counters null) is read and dropped.</summary>
    private static async Task ReceiveUdpAsync(Socket socket, ReaderCounters? counters, CancellationToken ct)
    {
        var buffer = new byte[2048];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, ct);
            if (counters is not null && n >= 12)
            {
                counters.AddMedia(n);
            }
        }
    }

    /// <summary>Reads and drops keep-alive answers; the end of the stream means the broker closed the session.</summary>
    private static async Task DrainControlAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, ct) > 0)
        {
        }

        throw new EndOfStreamException("RTSP server closed the connection");
    }

    private async Task KeepAliveAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_sessionTimeout / 2);
        while (await timer.WaitForNextTickAsync(ct))
        {
            // Only written here: the answers are consumed by DrainControlAsync.
            _cseq++;
            var request = $"GET_PARAMETER {_url} RTSP/1.0\r\nCSeq: {_cseq}\r\nSession: {_session}\r\nUser-Agent: mediabroker-bench\r\n\r\n";
            await _writer.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request), ct);
        }
    }
}
