namespace MediaBroker.Codecs.H264;

/// <summary>What the API shows for an H.264 track (MediaMTX codecProps): width, height, profile, level.</summary>
public static class H264SpsInfo
{
    /// <summary>Returns null when there is no SPS or it cannot be parsed.</summary>
    public static IReadOnlyDictionary<string, object>? ToApiProperties(byte[]? sps)
    {
        if (sps is null)
        {
            return null;
        }

        try
        {
            if (!H264Sps.TryParse(sps, out var s))
            {
                return null;
            }

            return new Dictionary<string, object>
            {
                ["width"] = s.Width,
                ["height"] = s.Height,
                ["profile"] = ProfileName(s.ProfileIdc, s.ConstraintFlags),
                ["level"] = LevelName(s.ProfileIdc, s.LevelIdc, s.ConstraintFlags),
            };
        }
        catch (CodecProtocolException)
        {
            return null;
        }
    }

    /// <summary>Profile names as ffprobe prints them (H.264 Annex A).</summary>
    public static string ProfileName(int profileIdc, int constraintFlags)
    {
        var set1 = (constraintFlags & 0x40) != 0;
        var set3 = (constraintFlags & 0x10) != 0;
        return profileIdc switch
        {
            66 => set1 ? "Constrained Baseline" : "Baseline",
            77 => "Main",
            88 => "Extended",
            100 => "High",
            110 => set3 ? "High 10 Intra" : "High 10",
            122 => set3 ? "High 4:2:2 Intra" : "High 4:2:2",
            244 => set3 ? "High 4:4:4 Intra" : "High 4:4:4 Predictive",
            44 => "CAVLC 4:4:4",
            83 => "Scalable Baseline",
            86 => "Scalable High",
            118 => "Multiview High",
            128 => "Stereo High",
            _ => "unknown",
        };
    }

    /// <summary>"4.1" for level_idc 41; "1b" where A.3.1 says so (level_idc 11 + constraint_set3, or 9).</summary>
    public static string LevelName(int profileIdc, int levelIdc, int constraintFlags)
    {
        if (levelIdc == 9 || (levelIdc == 11 && (constraintFlags & 0x10) != 0 && profileIdc is 66 or 77 or 88))
        {
            return "1b";
        }

        return $"{levelIdc / 10}.{levelIdc % 10}";
    }
}
