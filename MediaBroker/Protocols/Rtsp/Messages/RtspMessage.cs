namespace MediaBroker.Protocols.Rtsp.Messages;

/// <summary>A request (<see cref="Method"/> set) or a response (<see cref="StatusCode"/> set).</summary>
public sealed class RtspMessage
{
    public string? Method { get; init; }

    /// <summary>The request URI as sent, e.g. <c>rtsp://host:8554/cam?token=x</c> or <c>*</c>.</summary>
    public string? Uri { get; init; }

    public int StatusCode { get; init; }

    public string? Reason { get; init; }

    public string Version { get; init; } = "RTSP/1.0";

    public RtspHeaders Headers { get; init; } = new();

    public ReadOnlyMemory<byte> Body { get; init; }

    public bool IsRequest => Method is not null;

    public int CSeq => int.TryParse(Headers["CSeq"], out var n) ? n : -1;

    public override string ToString() => IsRequest ? $"{Method} {Uri}" : $"{StatusCode} {Reason}";
}
