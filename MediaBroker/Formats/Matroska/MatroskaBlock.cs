using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Formats.Matroska;

/// <summary>
/// A SimpleBlock or Block (RFC 9559 §10): track number, time relative to the cluster, key-frame flag, and its frames
/// (several when laced). Frames are slices of the block's bytes.
/// </summary>
public readonly record struct MatroskaBlock(int TrackNumber, short RelativeTime, bool IsKeyFrame, ReadOnlyMemory<byte>[] Frames)
{
    /// <summary>Parses a block; <paramref name="simple"/> says whether the key-frame flag is in the flags byte (SimpleBlock).</summary>
    public static MatroskaBlock Read(ReadOnlyMemory<byte> block, bool simple)
    {
        var span = block.Span;
        if (EbmlHeader.TryReadVint(span, out var track, out var n, out _) != OperationStatus.Done || span.Length < n + 3)
        {
            throw new MatroskaProtocolException("a block shorter than its header");
        }

        var time = BinaryPrimitives.ReadInt16BigEndian(span[n..]);
        var flags = span[n + 2];
        var data = block[(n + 3)..];
        var key = simple && (flags & 0x80) != 0;
        if ((flags & 0x06) != 0 && data.IsEmpty)
        {
            throw new MatroskaProtocolException("a laced block without its frame count");
        }

        var frames = (flags >> 1 & 3) switch
        {
            0 => [data],
            1 => Xiph(data),
            2 => Fixed(data),
            _ => Ebml(data),
        };
        return new MatroskaBlock((int)Math.Min(track, int.MaxValue), time, key, frames);
    }

    private static ReadOnlyMemory<byte>[] Fixed(ReadOnlyMemory<byte> data)
    {
        var count = data.Span[0] + 1;
        var rest = data[1..];
        if (rest.Length % count != 0)
        {
            throw new MatroskaProtocolException("fixed-size lacing that does not divide the block");
        }

        var size = rest.Length / count;
        var frames = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            frames[i] = rest.Slice(i * size, size);
        }

        return frames;
    }

    private static ReadOnlyMemory<byte>[] Xiph(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        var count = span[0] + 1;
        var sizes = new long[count];
        var p = 1;
        var total = 0L;
        for (var i = 0; i < count - 1; i++)
        {
            int b;
            do
            {
                if (p >= span.Length)
                {
                    throw new MatroskaProtocolException("Xiph lacing runs past the block");
                }

                b = span[p++];
                sizes[i] += b;
            }
            while (b == 255);
            total += sizes[i];
        }

        return Slice(data, p, sizes, total);
    }

    private static ReadOnlyMemory<byte>[] Ebml(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        var count = span[0] + 1;
        var sizes = new long[count];
        var p = 1;
        if (EbmlHeader.TryReadVint(span[p..], out var first, out var n, out _) != OperationStatus.Done)
        {
            throw new MatroskaProtocolException("EBML lacing runs past the block");
        }

        p += n;
        sizes[0] = first;
        var total = sizes[0];
        for (var i = 1; i < count - 1; i++)
        {
            if (EbmlHeader.TryReadVint(span[p..], out var raw, out n, out _) != OperationStatus.Done)
            {
                throw new MatroskaProtocolException("EBML lacing runs past the block");
            }

            p += n;
            var bias = (1L << ((7 * n) - 1)) - 1; // signed: the difference from the previous size
            sizes[i] = sizes[i - 1] + (raw - bias);
            if (sizes[i] < 0 || sizes[i] > data.Length)
            {
                throw new MatroskaProtocolException("EBML lacing with a frame size outside the block");
            }

            total += sizes[i];
        }

        return Slice(data, p, sizes, total);
    }

    private static ReadOnlyMemory<byte>[] Slice(ReadOnlyMemory<byte> data, int start, long[] sizes, long total)
    {
        sizes[^1] = data.Length - start - total;
        if (sizes[^1] < 0 || Array.Exists(sizes, s => s < 0 || s > data.Length))
        {
            throw new MatroskaProtocolException("laced frames larger than their block");
        }

        var frames = new ReadOnlyMemory<byte>[sizes.Length];
        var p = start;
        for (var i = 0; i < sizes.Length; i++)
        {
            frames[i] = data.Slice(p, (int)sizes[i]);
            p += (int)sizes[i];
        }

        return frames;
    }
}
