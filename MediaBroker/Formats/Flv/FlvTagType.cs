namespace MediaBroker.Formats.Flv;

/// <summary>FLV tag types, which are also the RTMP message type ids of media (FLV specification E.4.1).</summary>
public enum FlvTagType : byte
{
    Audio = 8,
    Video = 9,
    Script = 18,
}
