using T = MediaBroker.Formats.Fmp4.Mp4BoxTypes;

namespace MediaBroker.Formats.Fmp4;

public static partial class Mp4FileReader
{
    private const uint Vide = 0x76696465;
    private const uint Soun = 0x736F756E;

    private static Mp4TrackDescription ReadSampleEntry(ReadOnlySpan<byte> stsd, int trackId, int timescale, uint handler)
    {
        var r = new FieldReader(stsd, T.Stsd);
        r.Skip(4);
        if (r.U32() == 0)
        {
            throw new Mp4ProtocolException($"track {trackId} has no sample entry");
        }

        var e = new Mp4BoxEnumerator(r.Rest);
        if (!e.MoveNext())
        {
            throw new Mp4ProtocolException($"track {trackId} has no sample entry");
        }

        var type = e.Current.Type;
        var entry = new FieldReader(e.Current.Payload, type);
        int width = 0, height = 0, channels = 0, sampleSize = 0, sampleRate = 0;
        entry.Skip(8); // reserved, data_reference_index
        if (handler == Vide)
        {
            entry.Skip(16);
            width = entry.U16();
            height = entry.U16();
            entry.Skip(50);
        }
        else if (handler == Soun)
        {
            var version = entry.U16();
            entry.Skip(6);
            channels = entry.U16();
            sampleSize = entry.U16();
            entry.Skip(4);
            sampleRate = (int)(entry.U32() >> 16);
            entry.Skip(version switch { 1 => 16, 2 => 36, _ => 0 }); // QuickTime sound description v1/v2 extensions
        }
        else
        {
            entry = new FieldReader(default, type);
        }

        uint configType = 0;
        byte[]? config = null;
        var oti = 0;
        foreach (var child in new Mp4BoxEnumerator(entry.Rest))
        {
            if (child.Type is T.Avcc or T.Hvcc or T.Av1c or T.Vpcc or T.Dops or T.Dac3)
            {
                configType = child.Type;
                config = child.Payload.ToArray();
            }
            else if (child.Type == T.Esds)
            {
                configType = child.Type;
                config = ReadEsds(child.Payload, out oti).ToArray();
            }
        }

        return new Mp4TrackDescription
        {
            TrackId = trackId,
            HandlerType = handler,
            Timescale = timescale,
            SampleEntryType = type,
            Width = width,
            Height = height,
            ChannelCount = channels,
            SampleSize = sampleSize,
            SampleRate = sampleRate,
            ConfigBoxType = configType,
            Config = config,
            ObjectTypeIndication = oti,
        };
    }

    /// <summary>Finds objectTypeIndication and the DecoderSpecificInfo inside esds (ISO/IEC 14496-1 §7.2.6.5-7).</summary>
    private static ReadOnlySpan<byte> ReadEsds(ReadOnlySpan<byte> esds, out int objectType)
    {
        objectType = 0;
        var r = new FieldReader(esds, T.Esds);
        r.Skip(4);
        if (ReadDescriptor(ref r) != 0x03)
        {
            throw new Mp4ProtocolException("esds without ES_Descriptor");
        }

        r.Skip(2);
        var flags = r.U8();
        if ((flags & 0x80) != 0)
        {
            r.Skip(2);
        }

        if ((flags & 0x40) != 0)
        {
            r.Skip(r.U8());
        }

        if ((flags & 0x20) != 0)
        {
            r.Skip(2);
        }

        if (ReadDescriptor(ref r) != 0x04)
        {
            throw new Mp4ProtocolException("esds without DecoderConfigDescriptor");
        }

        objectType = r.U8();
        r.Skip(12);
        if (r.Remaining >= 2 && r.Rest[0] == 0x05)
        {
            ReadDescriptor(ref r, out var length);
            return r.Bytes(length);
        }

        return default;
    }

    private static int ReadDescriptor(ref FieldReader r) => ReadDescriptor(ref r, out _);

    private static int ReadDescriptor(ref FieldReader r, out int length)
    {
        var tag = r.U8();
        length = 0;
        for (var i = 0; i < 4; i++)
        {
            var b = r.U8();
            length = (length << 7) | (b & 0x7F);
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        return tag;
    }
}
