namespace MediaBroker.Codecs.H264;

/// <summary>Placeholder until the SPS parser lands; owned by the Codecs work.</summary>
public static class H264SpsInfo
{
    public static IReadOnlyDictionary<string, object>? ToApiProperties(byte[]? sps) => null;
}
