using System.Net;
using MediaBroker.Protocols.Srt;
using MediaBroker.Protocols.Srt.Native;

namespace MediaBroker.Bench;

/// <summary>
/// A minimal SRT player (caller, live mode, streamid <c>read:path</c>) on the broker's own libsrt binding: one
/// non-blocking socket per reader driven by the process's single SRT epoll thread, counting MPEG-TS bytes and packets.
/// </summary>
internal static class SrtReader
{
    private const int TsPacketSize = 188;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <param name="window">
    /// The caller's flow window and receive buffer in packets (SRTO_FC, SRTO_RCVBUF); 0 keeps libsrt's defaults (25 600
    /// and 8192 packets, as ffmpeg and srt-live-transmit use). The server sizes part of its send-side state (the send
    /// loss list) from the window the caller declares (docs/benchmarks.md, "SRT readers").
    /// </param>
    public static async Task RunAsync(SrtRuntime runtime, SrtCallerPort? local, int port, string path, ReaderCounters counters, CancellationToken ct,
        int window = 0)
    {
        try
        {
            if (!runtime.TryGet(out var api, out var poller))
            {
                throw new InvalidDataException(runtime.Error ?? SrtApi.InstallHint);
            }

            var handle = api.CreateSocket();
            SrtSocket socket;
            try
            {
                if (api.SetString(handle, SrtOption.StreamId, "read:" + path) < 0)
                {
                    throw new InvalidDataException("cannot set the SRT stream id: " + api.ErrorText(api.LastErrorCode()));
                }

                if (window > 0 && !SrtReceiveWindow.TrySet(api, handle, window))
                {
                    throw new InvalidDataException("cannot set the SRT flow window: " + api.ErrorText(api.LastErrorCode()));
                }

                local?.Bind(api, handle);
                socket = SrtSocket.Adopt(api, poller, handle, connecting: true);
            }
            catch
            {
                api.Close(handle);
                throw;
            }

            using (socket)
            {
                if (api.Connect(handle, SrtSockAddr.Encode(new IPEndPoint(IPAddress.Loopback, port))) < 0)
                {
                    throw new InvalidDataException("srt_connect: " + api.ErrorText(api.LastErrorCode()));
                }

                await socket.WaitConnectedAsync(ConnectTimeout, ct);
                // One SRT message is up to 1316 bytes (7 TS packets); the buffer lives as long as the reader.
                var buffer = new byte[1500];
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer, ReadTimeout, ct);
                    counters.AddMedia(n, n / TsPacketSize);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Normal end of the run.
        }
        catch (Exception ex) when (ex is SrtException or TimeoutException or InvalidDataException)
        {
            counters.Error = ex.Message;
        }
    }
}
