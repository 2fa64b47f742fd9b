using System.Net.Sockets;
using MediaBroker.Core;
using MediaBroker.Streams.MpegTs;

namespace MediaBroker.Protocols.Udp;

/// <summary>
/// Receives MPEG-TS on a unix stream socket (<c>source: unix+mpegts:///tmp/cam.sock</c>): the broker listens,
/// one writer connects (ffmpeg <c>-f mpegts unix:/tmp/cam.sock</c>) and the stream ends when it disconnects;
/// the path then restarts the source, which listens again.
/// </summary>
public sealed class UnixMpegTsSource(string socketPath, UdpSourceOptions options) : IStaticSource
{
    public const string Scheme = "unix+mpegts://";

    public string ApiType => "mpegtsSource";

    public async Task RunAsync(StaticSourceContext context, CancellationToken ct)
    {
        File.Delete(socketPath); // a stale socket file from an earlier run would make bind fail
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(1);
            using var conn = await listener.AcceptAsync(ct).ConfigureAwait(false);
            var ingest = new MpegTsIngest(context.SetReady, context.Logger, "source " + context.PathName);
            var buffer = new byte[188 * 64];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            try
            {
                while (true)
                {
                    timeout.CancelAfter(options.ReadTimeout);
                    var n = await conn.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        ingest.Flush();
                        return;
                    }

                    ingest.Push(buffer.AsSpan(0, n));
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"no data on {socketPath} for {options.ReadTimeout.TotalSeconds:0.#} s");
            }
        }
        finally
        {
            File.Delete(socketPath);
        }
    }
}
