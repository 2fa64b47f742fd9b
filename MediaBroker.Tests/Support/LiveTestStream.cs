using System.Net;
using System.Net.Sockets;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Streams.MpegTs;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Tests;

/// <summary>
/// A live <see cref="MediaStream"/> inside the test process, fed with real units: ffmpeg encodes MediaTools' H264 + AAC
/// test pattern in real time as MPEG-TS over TCP, and <see cref="MpegTsIngest"/> demuxes it as a broker's SRT or UDP
/// publisher would. For pushers, which need a stream but no path.
/// </summary>
internal sealed class LiveTestStream : IAsyncDisposable
{
    private readonly ExternalProcess _ffmpeg;
    private readonly TcpClient _connection;
    private readonly CancellationTokenSource _stop;
    private readonly Task _pump;

    private LiveTestStream(ExternalProcess ffmpeg, TcpClient connection, MediaStream stream, Task pump, CancellationTokenSource stop)
    {
        _ffmpeg = ffmpeg;
        _connection = connection;
        Stream = stream;
        _pump = pump;
        _stop = stop;
    }

    public MediaStream Stream { get; }

    public static async Task<LiveTestStream> StartAsync(TimeSpan timeout, int seconds = 60)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var ffmpeg = MediaTools.PublishH264Aac("mpegts", $"tcp://127.0.0.1:{port}", seconds);
        TcpClient? connection = null;
        var stop = new CancellationTokenSource();
        try
        {
            connection = await listener.AcceptTcpClientAsync().WaitAsync(timeout);
            var ready = new TaskCompletionSource<MediaStream>(TaskCreationOptions.RunContinuationsAsynchronously);
            var pump = PumpAsync(connection.GetStream(), ready, stop.Token);
            var stream = await ready.Task.WaitAsync(timeout);
            return new LiveTestStream(ffmpeg, connection, stream, pump, stop);
        }
        catch (Exception ex)
        {
            await stop.CancelAsync();
            connection?.Dispose();
            var output = ffmpeg.Output;
            await ffmpeg.DisposeAsync();
            stop.Dispose();
            throw new InvalidOperationException("the ffmpeg feed did not start: " + output, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _connection.Dispose();
        await _ffmpeg.DisposeAsync();
        await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Stream.Close();
        _stop.Dispose();
    }

    private static async Task PumpAsync(NetworkStream input, TaskCompletionSource<MediaStream> ready, CancellationToken ct)
    {
        await Task.Yield();
        MediaStream? stream = null;
        var ingest = new MpegTsIngest(
            tracks =>
            {
                stream = new MediaStream(tracks, new PathClock(), 1024, NullLogger.Instance);
                ready.TrySetResult(stream);
                return stream;
            },
            NullLogger.Instance,
            "test feed");
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await input.ReadAsync(buffer, ct)) > 0)
            {
                ingest.Push(buffer.AsSpan(0, n));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            ready.TrySetException(new IOException("the ffmpeg feed ended before its tracks were known"));
        }
    }
}
