namespace MediaBroker.Codecs.H265;

/// <summary>The general part of profile_tier_level(), H.265 7.3.3.</summary>
public readonly record struct H265ProfileTierLevel(
    int ProfileSpace,
    bool HighTier,
    int ProfileIdc,
    uint ProfileCompatibilityFlags,
    ulong ConstraintIndicatorFlags,
    int LevelIdc)
{
    internal static H265ProfileTierLevel Parse(ref BitReader r, int maxSubLayersMinus1)
    {
        var space = (int)r.ReadBits(2);
        var tier = r.ReadFlag();
        var profile = (int)r.ReadBits(5);
        var compat = r.ReadBits(32);
        var constraints = r.ReadBits64(48);
        var level = (int)r.ReadBits(8);
        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = r.ReadFlag();
            levelPresent[i] = r.ReadFlag();
        }

        if (maxSubLayersMinus1 > 0)
        {
            r.Skip(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        }

        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            r.Skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
        }

        return new H265ProfileTierLevel(space, tier, profile, compat, constraints, level);
    }
}
