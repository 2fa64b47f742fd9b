using System.Buffers.Binary;

namespace MediaBroker.Formats.Flv;

/// <summary>Codec FourCCs of Enhanced RTMP (veovera enhanced-rtmp v1/v2), as big-endian integers.</summary>
public static class FlvFourCc
{
    public const uint Avc = 0x61766331;   // 'avc1'
    public const uint Hevc = 0x68766331;  // 'hvc1'
    public const uint Av1 = 0x61763031;   // 'av01'
    public const uint Vp9 = 0x76703039;   // 'vp09'
    public const uint Vp8 = 0x76703038;   // 'vp08'
    public const uint Opus = 0x4F707573;  // 'Opus'
    public const uint Ac3 = 0x61632D33;   // 'ac-3'
    public const uint Eac3 = 0x65632D33;  // 'ec-3'
    public const uint Aac = 0x6D703461;   // 'mp4a'
    public const uint Mp3 = 0x2E6D7033;   // '.mp3'
    public const uint Flac = 0x664C6143;  // 'fLaC'

    public static string ToText(uint fourCc)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, fourCc);
        Span<char> c = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            c[i] = b[i] is >= 0x20 and < 0x7F ? (char)b[i] : '?';
        }

        return new string(c);
    }
}
