using System.Buffers.Binary;
using MediaBroker.Core;
using MediaBroker.Formats.Flv;
using MediaBroker.Streams.Flv;

namespace MediaBroker.Push.Files;

/// <summary>
/// Writes the stream's shared FLV tags (the bodies RTMP readers get) as an FLV file: the file header, onMetaData and
/// sequence headers at time 0, then every tag with its time rebased so that the file starts at 0.
/// </summary>
internal static class FlvFileWriter
{
    private const int TagHeaderSize = 11;

    /// <summary>Writes until the stream ends or <paramref name="window"/> ends (then returns normally).</summary>
    public static async Task RunAsync(StreamPushContext context, FileStream file, PushWindow window, CancellationToken ct)
    {
        var encoder = context.Stream.GetOrAddEncoder(new FlvEncoderKey());
        if (!encoder.HasTracks)
        {
            throw new InvalidOperationException(
                $"FLV can carry none of the stream's tracks ({string.Join(", ", context.Stream.Tracks.Select(t => t.Codec.Name))})");
        }

        var queue = encoder.Subscribe(context.Stream.ReaderOptions("push " + context.PathName), out var headers);
        try
        {
            Span<byte> fileHeader = [(byte)'F', (byte)'L', (byte)'V', 1, 0, 0, 0, 0, 9, 0, 0, 0, 0];
            fileHeader[4] = (byte)((encoder.AudioTrack is null ? 0 : 4) | (encoder.VideoTrack is null ? 0 : 1));
            file.Write(fileHeader);
            context.AddOutboundBytes(fileHeader.Length);
            context.SetSending();

            uint? first = null;
            while (await queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                var written = 0L;
                while (queue.Reader.TryRead(out var item))
                {
                    if (first is not null && window.Ended(item.Timestamp, item.CaptureTime))
                    {
                        file.Flush();
                        context.AddOutboundBytes(written);
                        return;
                    }

                    // The file starts at a video key frame inside the window (any tag when the stream has no video).
                    if (first is null && (window.BeforeStart(item.Timestamp, item.CaptureTime) || (encoder.VideoTrack is not null && !(item.IsVideo && item.IsKeyFrame))))
                    {
                        continue;
                    }

                    if (first is null)
                    {
                        first = item.Timestamp;
                        foreach (var header in headers)
                        {
                            written += WriteTag(file, header, 0);
                        }
                    }

                    // Unsigned difference: RTMP times wrap at 2^32 ms; a tag slightly before the first one is clamped to 0.
                    var delta = (int)(item.Timestamp - first.Value);
                    written += WriteTag(file, item, delta < 0 ? 0u : (uint)delta);
                }

                file.Flush();
                context.AddOutboundBytes(written);
            }
        }
        finally
        {
            encoder.Unsubscribe(queue);
        }
    }

    private static int WriteTag(FileStream file, FlvTagItem item, uint timestamp)
    {
        var size = item.Payload.Length;
        Span<byte> header = stackalloc byte[TagHeaderSize];
        header[0] = (byte)item.Type;
        header[1] = (byte)(size >> 16);
        header[2] = (byte)(size >> 8);
        header[3] = (byte)size;
        header[4] = (byte)(timestamp >> 16);
        header[5] = (byte)(timestamp >> 8);
        header[6] = (byte)timestamp;
        header[7] = (byte)(timestamp >> 24);
        header[8] = header[9] = header[10] = 0;
        file.Write(header);
        file.Write(item.Payload.Span);
        Span<byte> previous = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(previous, (uint)(TagHeaderSize + size));
        file.Write(previous);
        return TagHeaderSize + size + 4;
    }
}
