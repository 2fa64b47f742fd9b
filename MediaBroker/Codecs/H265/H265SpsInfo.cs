namespace MediaBroker.Codecs.H265;

/// <summary>What the API shows for an H.265 track (MediaMTX codecProps): width, height, profile, level.</summary>
public static class H265SpsInfo
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
            if (!H265Sps.TryParse(sps, out var s))
            {
                return null;
            }

            return new Dictionary<string, object>
            {
                ["width"] = s.Width,
                ["height"] = s.Height,
                ["profile"] = ProfileName(s.ProfileTierLevel),
                ["level"] = LevelName(s.ProfileTierLevel.LevelIdc),
            };
        }
        catch (CodecProtocolException)
        {
            return null;
        }
    }

    /// <summary>Profile names as ffprobe prints them (H.265 Annex A); a zero idc falls back to the compatibility flags.</summary>
    public static string ProfileName(H265ProfileTierLevel ptl)
    {
        var idc = ptl.ProfileIdc;
        for (var j = 1; idc == 0 && j < 32; j++)
        {
            if ((ptl.ProfileCompatibilityFlags & (0x8000_0000u >> j)) != 0)
            {
                idc = j;
            }
        }

        return idc switch
        {
            1 => "Main",
            2 => "Main 10",
            3 => "Main Still Picture",
            4 => "Rext",
            9 => "SCC",
            _ => "unknown",
        };
    }

    /// <summary>general_level_idc is 30 times the level: 123 is "4.1", 120 is "4".</summary>
    public static string LevelName(int levelIdc)
    {
        var major = levelIdc / 30;
        var minor = levelIdc % 30 / 3;
        return minor == 0 ? $"{major}" : $"{major}.{minor}";
    }
}
