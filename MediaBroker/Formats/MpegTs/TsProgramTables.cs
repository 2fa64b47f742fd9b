using System.Buffers.Binary;

namespace MediaBroker.Formats.MpegTs;

/// <summary>One elementary stream listed in a PMT, with the descriptors that decide its codec.</summary>
internal readonly record struct TsPmtStream(int Pid, byte StreamType, uint RegistrationFormat, bool HasAc3Descriptor, int OpusChannelConfig);

/// <summary>PAT and PMT parsing (ISO/IEC 13818-1 §2.4.4.3, §2.4.4.8).</summary>
internal static class TsProgramTables
{
    public const int PatPid = 0;

    /// <summary>Registration descriptor format identifiers (§2.6.8), as big-endian 32-bit values.</summary>
    public const uint FormatOpus = 0x4F707573; // "Opus"
    public const uint FormatKlv = 0x4B4C5641;  // "KLVA"
    public const uint FormatAc3 = 0x41432D33;  // "AC-3"

    /// <summary>
    /// The PMT PID of the section's first program (program_number 0 is the network PID), or -1; <paramref name="sectionNumber"/>
    /// tells which section of the PAT this was (a PAT listing many programs spans several).
    /// </summary>
    public static int ReadFirstProgramPid(ReadOnlySpan<byte> section, out int version, out int sectionNumber)
    {
        var body = PsiSection.Validate(section, 0x00, out _, out version);
        sectionNumber = section[6];
        for (var i = 0; i + 4 <= body.Length; i += 4)
        {
            var program = BinaryPrimitives.ReadUInt16BigEndian(body[i..]);
            if (program != 0)
            {
                return BinaryPrimitives.ReadUInt16BigEndian(body[(i + 2)..]) & 0x1FFF;
            }
        }

        return -1;
    }

    /// <summary>Reads a PMT section into <paramref name="streams"/> (cleared first); returns the PCR PID.</summary>
    public static int ReadPmt(ReadOnlySpan<byte> section, List<TsPmtStream> streams, out int version)
    {
        var body = PsiSection.Validate(section, 0x02, out _, out version);
        streams.Clear();
        if (body.Length < 4)
        {
            throw new MpegTsProtocolException(MpegTsError.BadSection, "PMT too short");
        }

        var pcrPid = BinaryPrimitives.ReadUInt16BigEndian(body) & 0x1FFF;
        var programInfoLength = BinaryPrimitives.ReadUInt16BigEndian(body[2..]) & 0x0FFF;
        var pos = 4 + programInfoLength;
        while (pos + 5 <= body.Length)
        {
            var streamType = body[pos];
            var pid = BinaryPrimitives.ReadUInt16BigEndian(body[(pos + 1)..]) & 0x1FFF;
            var infoLength = BinaryPrimitives.ReadUInt16BigEndian(body[(pos + 3)..]) & 0x0FFF;
            pos += 5;
            if (pos + infoLength > body.Length)
            {
                throw new MpegTsProtocolException(MpegTsError.BadSection, "ES_info runs past the PMT");
            }

            streams.Add(ReadDescriptors(pid, streamType, body.Slice(pos, infoLength)));
            pos += infoLength;
        }

        if (pos != body.Length)
        {
            throw new MpegTsProtocolException(MpegTsError.BadSection, "trailing bytes in the PMT stream loop");
        }

        return pcrPid;
    }

    private static TsPmtStream ReadDescriptors(int pid, byte streamType, ReadOnlySpan<byte> d)
    {
        uint registration = 0;
        var ac3 = false;
        var opusChannels = -1;
        while (d.Length >= 2)
        {
            int tag = d[0], length = d[1];
            if (2 + length > d.Length)
            {
                throw new MpegTsProtocolException(MpegTsError.BadSection, "descriptor runs past ES_info");
            }

            var content = d.Slice(2, length);
            switch (tag)
            {
                case 0x05 when length >= 4: // registration_descriptor
                    registration = BinaryPrimitives.ReadUInt32BigEndian(content);
                    break;
                case 0x6A: // DVB AC-3_descriptor (ETSI EN 300 468 Annex D)
                    ac3 = true;
                    break;
                case 0x7F when length >= 2 && content[0] == 0x80: // DVB extension: Opus channel_config_code
                    opusChannels = content[1];
                    break;
            }

            d = d[(2 + length)..];
        }

        return new TsPmtStream(pid, streamType, registration, ac3, opusChannels);
    }
}
