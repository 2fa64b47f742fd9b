namespace MediaBroker.Codecs.Aac;

/// <summary>Placeholder until the AudioSpecificConfig parser lands; owned by the Codecs work.</summary>
public readonly record struct AudioSpecificConfig(int ObjectType, int SampleRate, int ChannelCount)
{
    public static bool TryParse(ReadOnlySpan<byte> data, out AudioSpecificConfig config)
    {
        config = default;
        return false;
    }
}
