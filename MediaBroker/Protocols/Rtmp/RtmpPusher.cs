using System.Security.Authentication;
using MediaBroker.Core;
using MediaBroker.Formats.Amf;
using MediaBroker.Formats.Flv;
using MediaBroker.Streams.Flv;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>
/// Publishes a path's stream to an rtmp:// or rtmps:// destination (a <c>forward</c> item or a push): connect,
/// releaseStream/FCPublish/createStream/publish, then <c>@setDataFrame onMetaData</c>, the sequence headers and the
/// FLV tags of the stream's shared <see cref="FlvStreamEncoder"/>, read through its own bounded queue so a slow
/// destination only loses its own frames. Timestamps start at 0.
/// </summary>
public sealed class RtmpPusher(StreamPushTarget target, TimeSpan readTimeout, TimeSpan writeTimeout) : IStreamPusher
{
    private const int MaxBatch = 64;

    public async Task RunAsync(StreamPushContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stream = context.Stream;
        var encoder = stream.GetOrAddEncoder(new FlvEncoderKey());
        var skipped = stream.Tracks.Where(t => t != encoder.VideoTrack && t != encoder.AudioTrack).Select(t => t.Codec.Name).ToList();
        if (!encoder.HasTracks)
        {
            throw new InvalidOperationException($"RTMP cannot carry any track of the stream ({string.Join(", ", skipped)})");
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(readTimeout);
        RtmpClient client;
        try
        {
            client = await RtmpClient.ConnectAsync(target.Url, target.Fingerprint, forPublish: true, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException("the destination did not answer the RTMP connect in time");
        }
        catch (AuthenticationException ex)
        {
            throw new AuthenticationException(target.Fingerprint.Length == 0
                ? "the destination's TLS certificate is not trusted (destFingerprint pins a self-signed one)"
                : "the destination's TLS certificate does not match destFingerprint", ex);
        }

        await using (client.ConfigureAwait(false))
        {
            try
            {
                await client.PublishAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException("the destination did not accept the publish in time");
            }
            catch (EndOfStreamException)
            {
                throw new IOException("the destination closed the connection instead of accepting the publish");
            }

            if (skipped.Count > 0)
            {
                RtmpLog.PushTracksSkipped(context.Logger, context.PathName, string.Join(", ", skipped));
                context.ReportTracksLeftOut($"RTMP cannot carry {string.Join(", ", skipped)}: sending the other tracks without them");
            }

            await SendAsync(client, encoder, context, ct).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(RtmpClient client, FlvStreamEncoder encoder, StreamPushContext context, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var wake = new AsyncSignal();
        var queue = encoder.Subscribe(context.Stream.ReaderOptions("forward " + context.PathName), out var headers);
        var reading = ReadAsync(client, wake, stop.Token);
        queue.SetWakeup(wake);
        await using var wakeOnCancel = stop.Token.UnsafeRegister(static s => ((AsyncSignal)s!).Set(), wake).ConfigureAwait(false);
        context.SetSending();
        long reported = 0;
        try
        {
            var started = false;
            uint origin = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (reading.IsCompleted)
                {
                    await reading.ConfigureAwait(false); // throws the server's error status
                    throw new IOException("the destination closed the connection");
                }

                var count = 0;
                while (count < MaxBatch && queue.Reader.TryRead(out var item))
                {
                    if (!started)
                    {
                        origin = item.Timestamp;
                        foreach (var header in headers)
                        {
                            Write(client, header, 0);
                        }

                        started = true;
                    }

                    // Audio cached just before the first key frame may be a little older: clamp instead of wrapping.
                    var offset = item.Timestamp - origin;
                    Write(client, item, (int)offset < 0 ? 0 : offset);
                    count++;
                }

                if (count == 0)
                {
                    if (queue.Reader.Completion.IsCompleted)
                    {
                        // The stream ended; a queue closed for falling too far behind throws its reason here.
                        await queue.Reader.Completion.ConfigureAwait(false);
                        return;
                    }

                    await wake.WaitAsync().ConfigureAwait(false);
                    continue;
                }

                stop.CancelAfter(writeTimeout);
                try
                {
                    await client.FlushMediaAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException("the destination did not read the stream in time (write timeout)");
                }

                stop.CancelAfter(Timeout.InfiniteTimeSpan);
                var sent = client.OutboundBytes;
                context.AddOutboundBytes(sent - reported);
                reported = sent;
            }
        }
        finally
        {
            queue.SetWakeup(null);
            encoder.Unsubscribe(queue);
            await stop.CancelAsync().ConfigureAwait(false);
            await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Reads the server's messages; wakes the sending loop when the connection ends or fails.</summary>
    private static async Task ReadAsync(RtmpClient client, AsyncSignal wake, CancellationToken ct)
    {
        try
        {
            await client.ReadWhilePublishingAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            wake.Set();
        }
    }

    private static void Write(RtmpClient client, FlvTagItem item, uint timestamp)
    {
        switch (item.Type)
        {
            case FlvTagType.Video:
                client.WriteMedia(RtmpMessageType.Video, timestamp, item.Payload.Span);
                break;
            case FlvTagType.Audio:
                client.WriteMedia(RtmpMessageType.Audio, timestamp, item.Payload.Span);
                break;
            default:
                // A publisher sends its metadata through @setDataFrame; the server stores it and plays it as onMetaData.
                client.WriteMedia(RtmpMessageType.DataAmf0, timestamp, [.. s_setDataFrame, .. item.Payload.Span]);
                break;
        }
    }

    private static readonly byte[] s_setDataFrame = Amf0Writer.Encode("@setDataFrame");
}
