namespace MediaBroker.Codecs.Av1;

/// <summary>What the API shows for an AV1 track (MediaMTX codecProps): width, height, profile, level, tier.</summary>
public static class Av1SequenceHeaderInfo
{
    /// <summary>Returns null when there is no sequence header or it cannot be parsed.</summary>
    public static IReadOnlyDictionary<string, object>? ToApiProperties(byte[]? sequenceHeader)
    {
        if (sequenceHeader is null)
        {
            return null;
        }

        try
        {
            if (!Av1SequenceHeader.TryParse(sequenceHeader, out var s))
            {
                return null;
            }

            return new Dictionary<string, object>
            {
                ["width"] = s.MaxFrameWidth,
                ["height"] = s.MaxFrameHeight,
                ["profile"] = s.Profile switch { 0 => "Main", 1 => "High", _ => "Professional" },
                ["level"] = LevelName(s.LevelIdx),
                ["tier"] = s.HighTier ? "High" : "Main",
            };
        }
        catch (CodecProtocolException)
        {
            return null;
        }
    }

    /// <summary>AV1 Annex A.3: seq_level_idx 8 is level "4.0"; 31 means "no level constraint".</summary>
    public static string LevelName(int levelIdx) => levelIdx == 31 ? "max" : $"{2 + (levelIdx >> 2)}.{levelIdx & 3}";
}
