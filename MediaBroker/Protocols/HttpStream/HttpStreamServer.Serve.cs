using System.Buffers;
using System.IO.Pipelines;
using MediaBroker.Core;
using MediaBroker.Formats.Flv;
using MediaBroker.Media;
using MediaBroker.Streams.Audio;
using MediaBroker.Streams.Flv;
using MediaBroker.Streams.Fmp4;
using MediaBroker.Streams.WebM;
using MediaBroker.Streams.MpegTs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MediaBroker.Protocols.HttpStream;

public sealed partial class HttpStreamServer
{
    /// <summary>Items written per flush at most (unless the reader batches), so a backlog goes out in several sends rather than one huge one.</summary>
    private const int MaxBatch = 64;

    /// <summary>Streams the response until the stream ends, the reader leaves, is kicked or the listener stops; returns why it ended.</summary>
    private static async Task<string> ServeAsync(HttpContext ctx, HttpStreamSession session, MediaStream stream, ReaderBatch batch)
    {
        var stopping = ctx.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var end = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, session.Kicked, stopping);
        var ct = end.Token;
        StartHeaders(ctx, session.Format);
        var output = ctx.Response.BodyWriter;
        var name = $"{session.ApiType} {session.RemoteAddr}";
        string? ended;
        try
        {
            await ctx.Response.StartAsync(ct).ConfigureAwait(false);
            ended = session.Format switch
            {
                HttpStreamFormat.Flv => await ServeFlvAsync(output, session, stream, name, batch, ct).ConfigureAwait(false),
                HttpStreamFormat.MpegTs => await ServeTsAsync(output, session, stream, name, batch, ct).ConfigureAwait(false),
                HttpStreamFormat.Mp4 => await ServeMp4Async(output, session, stream, name, batch, ct).ConfigureAwait(false),
                HttpStreamFormat.WebM => await ServeWebmAsync(output, session, stream, name, ct).ConfigureAwait(false),
                HttpStreamFormat.Aac => await ServeAudioAsync(output, session, stream, AudioFrameFormat.Adts, name, batch, ct).ConfigureAwait(false),
                _ => await ServeAudioAsync(output, session, stream, AudioFrameFormat.MpegAudio, name, batch, ct).ConfigureAwait(false),
            };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            ended = null;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            ended = ex.Message;
        }

        return ended
            ?? (session.KickReason is { } kick ? kick
                : stopping.IsCancellationRequested ? "the server is stopping"
                : "the reader disconnected");
    }

    private static async Task<string?> ServeFlvAsync(PipeWriter output, HttpStreamSession session, MediaStream stream, string name, ReaderBatch batch,
        CancellationToken ct)
    {
        var encoder = stream.GetOrAddEncoder(new FlvEncoderKey());
        var queue = encoder.Subscribe(stream.ReaderOptions(name) with { Batch = batch }, out var headers);
        session.CountDropsFrom(() => queue.Dropped);
        try
        {
            // The header, onMetaData and the sequence headers go out at once: a player knows the tracks before the first frame.
            var bytes = FlvFileWriter.WriteFileHeader(output, encoder.VideoTrack is not null, encoder.AudioTrack is not null);
            foreach (var h in headers)
            {
                bytes += FlvFileWriter.WriteTag(output, h.Type, 0, h.Payload.Span);
            }

            session.AddBytes(bytes);
            session.CountSend();
            await output.FlushAsync(ct).ConfigureAwait(false);
            var writer = new FlvTagWriter();
            return await PumpAsync(queue, output, writer.Write, session, ct).ConfigureAwait(false);
        }
        finally
        {
            encoder.Unsubscribe(queue);
        }
    }

    private static async Task<string?> ServeTsAsync(PipeWriter output, HttpStreamSession session, MediaStream stream, string name, ReaderBatch batch,
        CancellationToken ct)
    {
        var encoder = stream.GetOrAddEncoder(new MpegTsEncoderKey());
        var queue = encoder.Subscribe(name, batch);
        session.CountDropsFrom(() => queue.Dropped);
        try
        {
            // Readers start at a key frame chunk, which begins with PAT/PMT: nothing to send first.
            return await PumpAsync(queue, output, static (w, c) => Write(w, c.Data.Span), session, ct).ConfigureAwait(false);
        }
        finally
        {
            encoder.Unsubscribe(queue);
        }
    }

    private static async Task<string?> ServeMp4Async(PipeWriter output, HttpStreamSession session, MediaStream stream, string name, ReaderBatch batch,
        CancellationToken ct)
    {
        var encoder = stream.GetOrAddEncoder(new Fmp4EncoderKey());
        var queue = encoder.Subscribe(name, batch);
        session.CountDropsFrom(() => queue.Dropped);
        try
        {
            var writer = new Fmp4FragmentWriter();
            return await PumpAsync(queue, output, writer.Write, session, ct).ConfigureAwait(false) ?? encoder.StopReason;
        }
        finally
        {
            encoder.Unsubscribe(queue);
        }
    }

    private static async Task<string?> ServeWebmAsync(PipeWriter output, HttpStreamSession session, MediaStream stream, string name, CancellationToken ct)
    {
        var encoder = stream.GetOrAddEncoder(new WebmEncoderKey());
        var queue = encoder.Subscribe(name);
        session.CountDropsFrom(() => queue.Dropped);
        try
        {
            var writer = new WebmItemWriter();
            return await PumpAsync(queue, output, writer.Write, session, ct).ConfigureAwait(false);
        }
        finally
        {
            encoder.Unsubscribe(queue);
        }
    }

    private static async Task<string?> ServeAudioAsync(PipeWriter output, HttpStreamSession session, MediaStream stream, AudioFrameFormat format,
        string name, ReaderBatch batch, CancellationToken ct)
    {
        var encoder = stream.GetOrAddEncoder(new AudioFrameEncoderKey(format));
        var queue = encoder.Subscribe(name, batch);
        session.CountDropsFrom(() => queue.Dropped);
        try
        {
            return await PumpAsync(queue, output, static (w, f) => Write(w, f.Data.Span), session, ct).ConfigureAwait(false);
        }
        finally
        {
            encoder.Unsubscribe(queue);
        }
    }

    /// <summary>
    /// The reader's loop: drains its queue into the response and flushes, sleeping on one reusable signal that the
    /// publisher's thread sets (as RTMP readers do). A batching reader (<c>readerBatchDuration</c>) writes everything
    /// queued before each flush and then sleeps until the next batch tick. Returns "the stream ended" when the queue
    /// completes, or null when the client went away.
    /// </summary>
    private static async Task<string?> PumpAsync<T>(ReaderQueue<T> queue, PipeWriter output, Func<PipeWriter, T, int> write,
        HttpStreamSession session, CancellationToken ct)
        where T : class, IFanoutItem
    {
        var wake = new AsyncSignal();
        queue.SetWakeup(wake);
        await using var wakeOnCancel = ct.UnsafeRegister(static s => ((AsyncSignal)s!).Set(), wake).ConfigureAwait(false);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                long bytes = 0;
                var count = 0;
                var limit = queue.IsBatching ? int.MaxValue : MaxBatch;
                while (count < limit && queue.Reader.TryRead(out var item))
                {
                    bytes += write(output, item);
                    count++;
                }

                if (count == 0)
                {
                    if (queue.Reader.Completion.IsCompleted)
                    {
                        return "the stream ended";
                    }

                    await wake.WaitAsync().ConfigureAwait(false);
                    continue;
                }

                session.AddBytes(bytes);
                session.CountSend();
                var flush = await output.FlushAsync(ct).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return null;
                }

                if (queue.IsBatching)
                {
                    // What arrived during the send waits for the next batch tick (or a full batch).
                    await wake.WaitAsync().ConfigureAwait(false);
                }
            }

            return null;
        }
        finally
        {
            queue.SetWakeup(null);
        }
    }

    private static int Write(PipeWriter output, ReadOnlySpan<byte> data)
    {
        output.Write(data);
        return data.Length;
    }

    /// <summary>FLV tags with times counted from the reader's first one, so every player's clock starts at zero.</summary>
    private sealed class FlvTagWriter
    {
        private bool _started;
        private uint _base;

        public int Write(PipeWriter output, FlvTagItem item)
        {
            if (!_started)
            {
                _started = true;
                _base = item.Timestamp;
            }

            // Audio queued just after the key frame may start a few ms before it: clamp rather than wrap.
            var relative = (int)(item.Timestamp - _base);
            return FlvFileWriter.WriteTag(output, item.Type, (uint)Math.Max(0, relative), item.Payload.Span);
        }
    }

    /// <summary>Sends the header, then items from the first one that opens a Cluster on (a block needs its Cluster).</summary>
    private sealed class WebmItemWriter
    {
        private bool _started;

        public int Write(PipeWriter output, WebmItem item)
        {
            if (!_started)
            {
                if (!item.OpensCluster)
                {
                    return 0;
                }

                _started = true;
                output.Write(item.Header.Span);
                output.Write(item.Data.Span);
                return item.Header.Length + item.Data.Length;
            }

            output.Write(item.Data.Span);
            return item.Data.Length;
        }
    }

    /// <summary>Sends the init before the first fragment and whenever the tracks' parameters changed.</summary>
    private sealed class Fmp4FragmentWriter
    {
        private ReadOnlyMemory<byte> _init;

        public int Write(PipeWriter output, Fmp4Fragment fragment)
        {
            var bytes = 0;
            if (!fragment.Init.Equals(_init))
            {
                _init = fragment.Init;
                output.Write(_init.Span);
                bytes += _init.Length;
            }

            output.Write(fragment.Data.Span);
            return bytes + fragment.Data.Length;
        }
    }
}
