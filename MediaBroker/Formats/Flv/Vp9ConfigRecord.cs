namespace MediaBroker.Formats.Flv;

/// <summary>
/// Reads the profile from a VPCodecConfigurationRecord ('vpcC' contents with its FullBox version and flags, VP Codec ISO
/// Media File Format §2.2); <see cref="Codecs.Vp9.VpcC"/> builds them.
/// </summary>
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
}
