namespace MediaBroker.Core;

/// <summary>
/// One outgoing session that sends a ready path's stream to a destination (a <c>forward</c> item or a push).
/// <see cref="RunAsync"/> connects, calls <see cref="StreamPushContext.SetSending"/> once the destination accepted the
/// stream, sends until the stream ends (returns) or <paramref name="ct"/> is cancelled (throws
/// <see cref="OperationCanceledException"/>), and throws with a readable message when the destination fails or refuses;
/// the caller then retries with back-off. A pusher reads the stream like any reader: its own bounded queue, so a slow
/// destination never stalls the publisher or other readers.
/// </summary>
public interface IStreamPusher
{
    Task RunAsync(StreamPushContext context, CancellationToken ct);
}

/// <summary>Creates pushers for the destination URLs it knows (rtmp(s)://, rtsp(s)://, srt://, whip(s)://, files). Registered in DI.</summary>
public interface IStreamPusherFactory
{
    /// <summary>The protocol name shown by the API and metrics (rtmp, rtmps, rtsp, rtsps, srt, whip, whips, file) when this factory handles <paramref name="url"/>; otherwise null.</summary>
    string? ProtocolOf(string url);

    IStreamPusher Create(StreamPushTarget target);
}

/// <summary>A resolved destination: the URL after variable substitution, and the TLS/WHIP settings of its forward item.</summary>
/// <param name="Url">rtmp://host/app/key, rtsp://host/path, srt://host:port?streamid=publish:path, whip://host/path/whip, file:///dir/x.ts ...</param>
/// <param name="Fingerprint">destFingerprint: SHA-256 of the destination's TLS certificate (hex, any case, colons allowed); empty = the certificate must be valid.</param>
/// <param name="BearerToken">whipBearerToken: sent as <c>Authorization: Bearer</c> to a WHIP endpoint.</param>
public sealed record StreamPushTarget(string Url, string Fingerprint = "", string BearerToken = "");
