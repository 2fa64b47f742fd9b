using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// A box header (ISO/IEC 14496-12 §4.2): 32-bit size and type, a 64-bit "largesize" when size is 1,
/// "to the end of the enclosing container" when size is 0, and a 16-byte user type for 'uuid'.
/// </summary>
public readonly record struct Mp4BoxHeader(uint Type, int HeaderSize, long Size)
{
    private const uint Uuid = 0x75756964;

    public long PayloadSize => Size - HeaderSize;

    /// <summary>
    /// Reads one header from the start of <paramref name="src"/>, which holds the rest of the enclosing container
    /// (a size of 0 resolves to its length). Returns NeedMoreData, consuming nothing, when the header is incomplete.
    /// </summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> src, out Mp4BoxHeader header)
    {
        header = default;
        if (src.Length < 8)
        {
            return OperationStatus.NeedMoreData;
        }

        long size = BinaryPrimitives.ReadUInt32BigEndian(src);
        var type = BinaryPrimitives.ReadUInt32BigEndian(src[4..]);
        var headerSize = 8;
        if (size == 1)
        {
            if (src.Length < 16)
            {
                return OperationStatus.NeedMoreData;
            }

            var large = BinaryPrimitives.ReadUInt64BigEndian(src[8..]);
            if (large > long.MaxValue)
            {
                throw new Mp4ProtocolException($"box '{Mp4BoxTypes.ToText(type)}' has an impossible size {large}");
            }

            size = (long)large;
            headerSize = 16;
        }
        else if (size == 0)
        {
            size = src.Length;
        }

        if (type == Uuid)
        {
            headerSize += 16;
            if (src.Length < headerSize)
            {
                return OperationStatus.NeedMoreData;
            }
        }

        if (size < headerSize)
        {
            throw new Mp4ProtocolException($"box '{Mp4BoxTypes.ToText(type)}' size {size} is smaller than its header");
        }

        header = new Mp4BoxHeader(type, headerSize, size);
        return OperationStatus.Done;
    }

    /// <summary>
    /// Reads one whole box (header and payload). NeedMoreData, consuming nothing, until all of it is in <paramref name="src"/>.
    /// A size-0 box is only complete when <paramref name="isFinalBlock"/> says no more bytes will come.
    /// </summary>
    public static OperationStatus TryReadBox(ReadOnlySpan<byte> src, bool isFinalBlock, out Mp4BoxHeader header, out int consumed)
    {
        consumed = 0;
        var status = TryRead(src, out header);
        if (status != OperationStatus.Done)
        {
            return status;
        }

        var toEnd = src.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(src) == 0;
        if ((toEnd && !isFinalBlock) || header.Size > src.Length)
        {
            header = default;
            return OperationStatus.NeedMoreData;
        }

        consumed = (int)header.Size;
        return OperationStatus.Done;
    }
}
