using MediaBroker.Codecs;

namespace MediaBroker.Tests.Codecs;

/// <summary>
/// Drives a frame-header parser over a byte stream the way a connection loop does: parse complete frames,
/// keep the remainder, append the next chunk. Lets each test run whole, split at every offset, and prefix.
/// </summary>
internal static class FrameStream
{
    /// <summary>Returns the frame length at the start of the data, or null for "need more data".</summary>
    public delegate int? FrameLength(ReadOnlySpan<byte> data);

    public static List<int> Frames(ReadOnlySpan<byte> data, FrameLength parse)
    {
        var lengths = new List<int>();
        var pos = 0;
        while (pos < data.Length && parse(data[pos..]) is { } len && pos + len <= data.Length)
        {
            lengths.Add(len);
            pos += len;
        }

        return lengths;
    }

    /// <summary>Feeds the data in two chunks split at <paramref name="split"/>; returns the frame lengths.</summary>
    public static List<int> FramesSplit(byte[] data, int split, FrameLength parse)
    {
        var buffer = new List<byte>();
        var lengths = new List<int>();
        foreach (var chunk in new[] { data[..split], data[split..] })
        {
            buffer.AddRange(chunk);
            var span = buffer.ToArray().AsSpan();
            var pos = 0;
            while (pos < span.Length && parse(span[pos..]) is { } len && pos + len <= span.Length)
            {
                lengths.Add(len);
                pos += len;
            }

            buffer.RemoveRange(0, pos);
        }

        return lengths;
    }

    /// <summary>Random bytes only ever raise <see cref="CodecProtocolException"/>.</summary>
    public static void Fuzz(FrameLength parse, int seed, params byte[] prefix)
    {
        var rng = new Random(seed);
        var buf = new byte[24];
        for (var i = 0; i < 20000; i++)
        {
            rng.NextBytes(buf);
            if (i % 2 == 0)
            {
                prefix.CopyTo(buf, 0);
            }

            try
            {
                _ = parse(buf.AsSpan(0, rng.Next(buf.Length)));
            }
            catch (CodecProtocolException)
            {
            }
        }
    }
}
