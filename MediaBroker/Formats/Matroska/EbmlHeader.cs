using System.Buffers;

namespace MediaBroker.Formats.Matroska;

/// <summary>An EBML element header (RFC 8794 §4-6): its ID (length marker kept), data size, and header length.</summary>
public readonly record struct EbmlHeader(uint Id, long Size, int HeaderLength)
{
    /// <summary>A size of all ones: the element runs until a parent-level element starts (live Matroska).</summary>
    public const long UnknownSize = -1;

    public bool IsUnknownSize => Size == UnknownSize;

    /// <summary>Reads a header; <see cref="OperationStatus.NeedMoreData"/> when <paramref name="data"/> is too short.</summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> data, out EbmlHeader header)
    {
        header = default;
        if (data.IsEmpty)
        {
            return OperationStatus.NeedMoreData;
        }

        var idLength = VintLength(data[0]);
        if (idLength is 0 or > 4)
        {
            throw new MatroskaProtocolException($"invalid element ID byte 0x{data[0]:X2}");
        }

        if (data.Length < idLength + 1)
        {
            return OperationStatus.NeedMoreData;
        }

        uint id = 0;
        for (var i = 0; i < idLength; i++)
        {
            id = (id << 8) | data[i];
        }

        var status = TryReadVint(data[idLength..], out var size, out var sizeLength, out var unknown);
        if (status != OperationStatus.Done)
        {
            return status;
        }

        header = new EbmlHeader(id, unknown ? UnknownSize : size, idLength + sizeLength);
        return OperationStatus.Done;
    }

    /// <summary>A variable-size integer with its length marker removed (sizes, track numbers in blocks).</summary>
    public static OperationStatus TryReadVint(ReadOnlySpan<byte> data, out long value, out int length, out bool allOnes)
    {
        value = 0;
        allOnes = false;
        length = 0;
        if (data.IsEmpty)
        {
            return OperationStatus.NeedMoreData;
        }

        length = VintLength(data[0]);
        if (length == 0)
        {
            throw new MatroskaProtocolException("invalid variable-size integer (first byte 0)");
        }

        if (data.Length < length)
        {
            return OperationStatus.NeedMoreData;
        }

        var mask = (1 << (8 - length)) - 1;
        value = data[0] & mask;
        var ones = value == mask;
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | data[i];
            ones &= data[i] == 0xFF;
        }

        allOnes = ones;
        return OperationStatus.Done;
    }

    /// <summary>An unsigned integer element's value (0-8 bytes, big-endian).</summary>
    public static ulong ReadUInt(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > 8)
        {
            throw new MatroskaProtocolException($"an unsigned integer of {payload.Length} bytes");
        }

        ulong v = 0;
        foreach (var b in payload)
        {
            v = (v << 8) | b;
        }

        return v;
    }

    /// <summary>A float element's value (0, 4 or 8 bytes).</summary>
    public static double ReadFloat(ReadOnlySpan<byte> payload) => payload.Length switch
    {
        0 => 0,
        4 => System.Buffers.Binary.BinaryPrimitives.ReadSingleBigEndian(payload),
        8 => System.Buffers.Binary.BinaryPrimitives.ReadDoubleBigEndian(payload),
        _ => throw new MatroskaProtocolException($"a float of {payload.Length} bytes"),
    };

    private static int VintLength(byte first) => first == 0 ? 0 : System.Numerics.BitOperations.LeadingZeroCount((uint)first) - 23;
}
