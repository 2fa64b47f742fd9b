using System.Buffers.Binary;

namespace MediaBroker.Codecs.Opus;

/// <summary>The Opus identification header, RFC 7845 §5.1 (Ogg, MP4 dOps-like, WebM CodecPrivate).</summary>
public readonly record struct OpusHead(int ChannelCount, int PreSkip, int InputSampleRate, short OutputGain, int MappingFamily)
{
    private static ReadOnlySpan<byte> Magic => "OpusHead"u8;

    /// <summary>False when shorter than its fields.</summary>
    /// <exception cref="CodecProtocolException">No "OpusHead" magic, unsupported major version, or 0 channels.</exception>
    public static bool TryParse(ReadOnlySpan<byte> data, out OpusHead head)
    {
        head = default;
        if (data.Length < 8)
        {
            return false;
        }

        if (!data[..8].SequenceEqual(Magic))
        {
            throw new CodecProtocolException("OpusHead magic missing");
        }

        if (data.Length < 19)
        {
            return false;
        }

        if (data[8] >> 4 != 0)
        {
            throw new CodecProtocolException($"OpusHead version {data[8]} is not supported");
        }

        var channels = data[9];
        if (channels == 0)
        {
            throw new CodecProtocolException("OpusHead with 0 channels");
        }

        var family = data[18];
        if (family != 0 && data.Length < 21 + channels)
        {
            return false;
        }

        head = new OpusHead(channels, BinaryPrimitives.ReadUInt16LittleEndian(data[10..]), (int)BinaryPrimitives.ReadUInt32LittleEndian(data[12..]),
            BinaryPrimitives.ReadInt16LittleEndian(data[16..]), family);
        return true;
    }

    /// <summary>Builds a 19-byte header with channel mapping family 0 (mono or stereo).</summary>
    public static byte[] Build(int channels, int preSkip = 312, int inputSampleRate = 48000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 2);
        var b = new byte[19];
        Magic.CopyTo(b);
        b[8] = 1;
        b[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(10), (ushort)preSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), (uint)inputSampleRate);
        return b;
    }
}
