namespace MediaBroker.Codecs;

public enum MediaKind
{
    Video,
    Audio,
    Application,
}
