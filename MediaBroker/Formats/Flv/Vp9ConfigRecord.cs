namespace MediaBroker.Formats.Flv;

/// <summary>VPCodecConfigurationRecord ('vpcC' contents with its FullBox version and flags, VP Codec ISO Media File Format §2.2).</summary>
internal static class Vp9ConfigRecord
{
    public static int ParseProfile(ReadOnlySpan<byte> s)
    {
        if (s.Length < 8)
        {
            throw new FlvProtocolException("invalid VPCodecConfigurationRecord");
        }

        return s[4];
    }

    public static byte[] Build(int profile) =>
    [
        1, 0, 0, 0,           // version 1, flags 0
        (byte)profile,
        0,                    // level: unknown
        (8 << 4) | (1 << 1),  // 8-bit, 4:2:0 colocated with luma, limited range
        2, 2, 2,              // colour primaries, transfer, matrix: unspecified
        0, 0,                 // no codec initialization data
    ];
}
