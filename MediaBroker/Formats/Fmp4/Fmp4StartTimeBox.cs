using System.Buffers.Binary;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// The wall-clock start of a recording segment, stored in its init as the last child of moov: a full box of type
/// <c>mbst</c> ("MediaBroker start time"), version 0, flags 0, then a 64-bit big-endian count of microseconds since
/// the Unix epoch (UTC) of the segment's first sample (its NTP time). Players and ffprobe skip unknown boxes.
/// <code>
/// size (u32 = 20) | 'mbst' | version (u8 = 0) | flags (u24 = 0) | start_us (u64)
/// </code>
/// </summary>
public static class Fmp4StartTimeBox
{
    public const uint Type = 0x6D627374; // "mbst"
    public const int Size = 20;

    /// <summary>Copies <paramref name="init"/> (ftyp + moov as <see cref="Fmp4InitWriter"/> builds it) with the box appended to moov.</summary>
    public static byte[] Insert(ReadOnlySpan<byte> init, DateTime startUtc)
    {
        var moovAt = FindTopLevel(init, Mp4BoxTypes.Moov, out var moovSize);
        if (moovAt < 0)
        {
            throw new ArgumentException("the init has no moov box", nameof(init));
        }

        var moovEnd = moovAt + moovSize;
        var result = new byte[init.Length + Size];
        init[..moovEnd].CopyTo(result);
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(moovAt), (uint)(moovSize + Size));
        var box = result.AsSpan(moovEnd, Size);
        BinaryPrimitives.WriteUInt32BigEndian(box, Size);
        BinaryPrimitives.WriteUInt32BigEndian(box[4..], Type);
        BinaryPrimitives.WriteUInt32BigEndian(box[8..], 0);
        BinaryPrimitives.WriteInt64BigEndian(box[12..], ToMicroseconds(startUtc));
        init[moovEnd..].CopyTo(result.AsSpan(moovEnd + Size));
        return result;
    }

    /// <summary>Reads the start time from the beginning of a segment file (at least ftyp + moov); false when absent.</summary>
    public static bool TryRead(ReadOnlySpan<byte> file, out DateTime startUtc)
    {
        startUtc = default;
        var moovAt = FindTopLevel(file, Mp4BoxTypes.Moov, out var moovSize);
        if (moovAt < 0 || moovAt + moovSize > file.Length)
        {
            return false;
        }

        var moov = file.Slice(moovAt + 8, moovSize - 8);
        while (moov.Length >= 8)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(moov);
            if (size < 8 || size > moov.Length)
            {
                return false;
            }

            if (BinaryPrimitives.ReadUInt32BigEndian(moov[4..]) == Type && size >= Size)
            {
                startUtc = DateTime.UnixEpoch.AddTicks(BinaryPrimitives.ReadInt64BigEndian(moov[12..]) * 10);
                return true;
            }

            moov = moov[size..];
        }

        return false;
    }

    /// <summary>Microseconds since the Unix epoch; the precision of the start time and of <c>%f</c> in file names.</summary>
    public static long ToMicroseconds(DateTime utc) =>
        ((utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc) - DateTime.UnixEpoch).Ticks / 10;

    private static int FindTopLevel(ReadOnlySpan<byte> data, uint type, out int size)
    {
        var at = 0;
        while (at + 8 <= data.Length)
        {
            size = (int)BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            if (size < 8)
            {
                break;
            }

            if (BinaryPrimitives.ReadUInt32BigEndian(data[(at + 4)..]) == type)
            {
                return at;
            }

            at += size;
        }

        size = 0;
        return -1;
    }
}
