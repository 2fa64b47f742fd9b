namespace MediaBroker.Codecs.H265;

/// <summary>Placeholder until the SPS parser lands; owned by the Codecs work.</summary>
public static class H265SpsInfo
{
    public static IReadOnlyDictionary<string, object>? ToApiProperties(byte[]? sps) => null;
}
