using System.Buffers.Binary;
using MediaBroker.Core;
using MediaBroker.Formats.WebM;
using MediaBroker.Streams.WebM;

namespace MediaBroker.Push.Files;

/// <summary>
/// Writes the stream's shared live Matroska items (<see cref="MatroskaEncoderKey"/>) as an <c>.mkv</c> file: the header
/// (Segment and Clusters of unknown size, so the file decodes while it grows), then every Cluster from the first
/// key-frame one on, with Cluster timestamps rebased so that the file starts at 0. No Cues: players seek by scanning.
/// </summary>
internal static class MatroskaFileWriter
{
    /// <summary>Writes until the stream ends or <paramref name="window"/> ends (then returns normally).</summary>
    public static async Task RunAsync(StreamPushContext context, FileStream file, PushWindow window, CancellationToken ct)
    {
        var encoder = context.Stream.GetOrAddEncoder(new MatroskaEncoderKey());
        if (encoder.Tracks.Count == 0)
        {
            throw new InvalidOperationException(
                $"Matroska can carry none of the stream's tracks ({string.Join(", ", context.Stream.Tracks.Select(t => t.Codec.Name))})");
        }

        var queue = encoder.Subscribe("push " + context.PathName);
        try
        {
            context.SetSending();
            long? first = null;
            while (await queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                var written = 0L;
                while (queue.Reader.TryRead(out var item))
                {
                    if (first is not null && window.Ended(item.TimeMs, item.CaptureTime))
                    {
                        file.Flush();
                        context.AddOutboundBytes(written);
                        return;
                    }

                    // The file starts at a key-frame Cluster inside the window.
                    if (first is null && (!item.OpensCluster || window.BeforeStart(item.TimeMs, item.CaptureTime)))
                    {
                        continue;
                    }

                    if (first is null)
                    {
                        first = item.TimeMs;
                        file.Write(item.Header.Span);
                        written += item.Header.Length;
                    }

                    written += Write(file, item, first.Value);
                }

                // Flushed per batch so that a reader of the growing file sees whole blocks soon.
                file.Flush();
                context.AddOutboundBytes(written);
            }
        }
        finally
        {
            encoder.Unsubscribe(queue);
        }
    }

    private static int Write(FileStream file, WebmItem item, long firstMs)
    {
        var data = item.Data.Span;
        if (!data.StartsWith(ClusterId))
        {
            file.Write(data);
            return data.Length;
        }

        var at = WebmWriter.ClusterTimestampOffset;
        file.Write(data[..at]);
        Span<byte> timestamp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(timestamp, (ulong)Math.Max(0, BinaryPrimitives.ReadInt64BigEndian(data[at..]) - firstMs));
        file.Write(timestamp);
        file.Write(data[(at + 8)..]);
        return data.Length;
    }

    /// <summary>The Cluster element ID (RFC 9559 §5.1.3) an item starts with when it opens one.</summary>
    private static ReadOnlySpan<byte> ClusterId => [0x1F, 0x43, 0xB6, 0x75];
}
