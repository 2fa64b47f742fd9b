namespace MediaBroker.Codecs.Av1;

/// <summary>Placeholder until the sequence header parser lands; owned by the Codecs work.</summary>
public static class Av1SequenceHeaderInfo
{
    public static IReadOnlyDictionary<string, object>? ToApiProperties(byte[]? sequenceHeader) => null;
}
