using MediaBroker.Core;
using MediaBroker.Protocols.Srt.Native;
using MediaBroker.Streams.MpegTs;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// Pushes a path to an SRT listener (a <c>forward</c> to <c>srt://host:port?streamid=publish:path</c>) as a caller:
/// the stream's shared MPEG-TS mux, 7 × 188 = 1316 bytes per message. The URL is read as a pull source's is
/// (<see cref="SrtSourceUrl"/>: streamid, passphrase, pbkeylen, latency). A refusal throws with the listener's
/// reject reason; a destination that goes away is noticed by libsrt's peer idle timeout (5 s) or a send that stays
/// blocked for writeTimeout.
/// </summary>
public sealed class SrtPusher(StreamPushTarget target, SrtRuntime runtime, SrtPusherOptions options) : IStreamPusher
{
    public async Task RunAsync(StreamPushContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!SrtSourceUrl.TryParse(target.Url, out var url, out var error))
        {
            throw new ArgumentException(error);
        }

        if (!runtime.TryGet(out var api, out var poller))
        {
            throw new SrtException(runtime.Error ?? SrtApi.InstallHint);
        }

        var encoder = context.Stream.GetOrAddEncoder(new MpegTsEncoderKey());
        if (encoder.Tracks.Count == 0)
        {
            throw new InvalidDataException("no track of the stream can be carried in MPEG-TS");
        }

        var leftOut = context.Stream.Tracks.Where(t => !encoder.Tracks.Contains(t)).Select(t => t.Codec.Name).ToList();
        if (leftOut.Count > 0)
        {
            SrtLog.PushTracksLeftOut(context.Logger, context.PathName, string.Join(", ", leftOut));
            context.ReportTracksLeftOut($"MPEG-TS cannot carry {string.Join(", ", leftOut)}: sending the other tracks without them");
        }

        using var socket = await SrtCaller.ConnectAsync(api, poller, url!, options.ConnectTimeout, ct).ConfigureAwait(false);
        context.SetSending();
        SrtLog.PushConnected(context.Logger, url!.Host, url.Port, encoder.Tracks.Count);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, socket.Broken);
        var queue = encoder.Subscribe("srtPusher srt://" + url.Host + ":" + url.Port);
        try
        {
            var reader = queue.Reader;
            while (await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var chunk))
                {
                    foreach (var message in chunk.Messages())
                    {
                        await socket.SendAsync(message, options.WriteTimeout, linked.Token).ConfigureAwait(false);
                    }

                    context.AddOutboundBytes(chunk.Data.Length);
                }
            }
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new SrtException("the destination closed the connection", ex);
        }
        finally
        {
            encoder.Unsubscribe(queue);
        }
    }
}
