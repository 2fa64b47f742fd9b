namespace MediaBroker.Conf;

/// <summary>One item of <c>autoPushes</c> (MediaBroker extension, MistServer's automatic pushes): push every matching path when it becomes ready.</summary>
public sealed record AutoPushConf
{
    /// <summary>A path name, <c>~regex</c>, or MistServer's <c>name+</c> (every path that starts with "name+").</summary>
    public string Path { get; init; } = "";

    /// <summary>The target URL (rtmp://, rtsp://, srt://, whip://, a .ts/.flv/.mp4 file...); MistServer's $variables are substituted.</summary>
    public string Target { get; init; } = "";
}
