using System.Buffers.Binary;

namespace MediaBroker.Formats.Rtp;

/// <summary>
/// The fixed RTP header plus CSRCs and the header extension (RFC 3550 §5.1, §5.3.1).
/// CSRCs and the extension are kept as raw slices of the datagram: most packets have neither and
/// forwarding needs them byte for byte. <see cref="ExtensionProfile"/> 0xBEDE marks one-byte and
/// 0x100x two-byte header extensions (RFC 8285).
/// </summary>
public readonly record struct RtpHeader(bool Marker, byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc)
{
    public const int FixedLength = 12;

    /// <summary>CSRC identifiers, 4 big-endian bytes each.</summary>
    public ReadOnlyMemory<byte> Csrcs { get; init; }

    /// <summary>True when the header has an extension (even an empty one).</summary>
    public bool HasExtension { get; init; }

    public ushort ExtensionProfile { get; init; }

    /// <summary>Extension body (a whole number of 32-bit words), without the 4-byte profile/length word.</summary>
    public ReadOnlyMemory<byte> Extension { get; init; }

    public int CsrcCount => Csrcs.Length / 4;

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int Length => FixedLength + Csrcs.Length + (HasExtension ? 4 + Extension.Length : 0);

    public uint GetCsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(Csrcs.Span.Slice(index * 4, 4));

    /// <summary>Writes the header (padding flag clear); returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        var length = Length;
        if (destination.Length < length)
        {
            throw new ArgumentException("destination too small for the RTP header", nameof(destination));
        }

        if (Csrcs.Length % 4 != 0 || Csrcs.Length > 60 || Extension.Length % 4 != 0 || Extension.Length > 0x3FFFC)
        {
            throw new InvalidOperationException("CSRC list or extension is not a whole number of 32-bit words");
        }

        // RFC 3550 §5.1: V=2 | P | X | CC, then M | PT.
        destination[0] = (byte)(0x80 | (HasExtension ? 0x10 : 0) | (Csrcs.Length / 4));
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        var offset = FixedLength;
        Csrcs.Span.CopyTo(destination[offset..]);
        offset += Csrcs.Length;
        if (HasExtension)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], ExtensionProfile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(Extension.Length / 4));
            Extension.Span.CopyTo(destination[(offset + 4)..]);
            offset += 4 + Extension.Length;
        }

        return offset;
    }

    /// <summary>Writes the 12-byte fixed header only (no CSRC, no extension); the packetizers' fast path.</summary>
    public static void WriteFixed(Span<byte> destination, bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc)
    {
        destination[0] = 0x80;
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
    }
}
