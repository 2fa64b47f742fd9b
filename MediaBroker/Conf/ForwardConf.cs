namespace MediaBroker.Conf;

/// <summary>One item of a path's <c>forward</c> list: push the path to another server.</summary>
public sealed record ForwardConf
{
    /// <summary>rtsp(s)://, rtmp(s)://, srt:// or whip(s):// URL; <c>$MTX_PATH</c> and <c>$G1</c>… are substituted.</summary>
    public string Dest { get; init; } = "";
    public string DestFingerprint { get; init; } = "";
    public string WhipBearerToken { get; init; } = "";
}
