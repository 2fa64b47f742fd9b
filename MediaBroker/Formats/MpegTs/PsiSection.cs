using System.Buffers.Binary;

namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// Checks one complete long-form PSI section (ISO/IEC 13818-1 §2.4.4.3): syntax indicator set, length
/// consistent, CRC correct. Returns the section body between the 8-byte header and the CRC.
/// </summary>
internal static class PsiSection
{
    public const int HeaderSize = 8;

    /// <summary>table_id, section_length (12 bits) → total length including the 3 leading bytes, or -1 when not yet known.</summary>
    public static int TotalLength(ReadOnlySpan<byte> section) =>
        section.Length < 3 ? -1 : 3 + (BinaryPrimitives.ReadUInt16BigEndian(section[1..]) & 0x0FFF);

    public static ReadOnlySpan<byte> Validate(ReadOnlySpan<byte> section, byte expectedTableId, out int tableIdExtension, out int version)
    {
        var total = TotalLength(section);
        if (total < HeaderSize + 4 || total > section.Length || total > 1024)
        {
            throw new MpegTsProtocolException(MpegTsError.BadSection, "PSI section length out of range");
        }

        section = section[..total];
        if (section[0] != expectedTableId || (section[1] & 0x80) == 0)
        {
            throw new MpegTsProtocolException(MpegTsError.BadSection, "unexpected table id or short-form section");
        }

        if (MpegCrc32.Compute(section) != 0)
        {
            throw new MpegTsProtocolException(MpegTsError.BadCrc, "PSI section CRC mismatch");
        }

        tableIdExtension = BinaryPrimitives.ReadUInt16BigEndian(section[3..]);
        version = (section[5] >> 1) & 0x1F;
        return section[HeaderSize..^4];
    }

    /// <summary>Writes the 8-byte long-form header; the caller appends the body and then <see cref="Finish"/>.</summary>
    public static void WriteHeader(Span<byte> dst, byte tableId, int bodyLength, int tableIdExtension, int version)
    {
        var sectionLength = 5 + bodyLength + 4;
        dst[0] = tableId;
        BinaryPrimitives.WriteUInt16BigEndian(dst[1..], (ushort)(0xB000 | sectionLength));
        BinaryPrimitives.WriteUInt16BigEndian(dst[3..], (ushort)tableIdExtension);
        dst[5] = (byte)(0xC1 | (version << 1)); // reserved '11', current_next_indicator 1
        dst[6] = 0; // section_number
        dst[7] = 0; // last_section_number
    }

    /// <summary>Appends the CRC over everything before it; returns the section's total length.</summary>
    public static int Finish(Span<byte> section, int lengthWithoutCrc)
    {
        BinaryPrimitives.WriteUInt32BigEndian(section[lengthWithoutCrc..], MpegCrc32.Compute(section[..lengthWithoutCrc]));
        return lengthWithoutCrc + 4;
    }
}
