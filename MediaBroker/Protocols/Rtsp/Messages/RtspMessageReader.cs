using System.Buffers;
using System.Text;

namespace MediaBroker.Protocols.Rtsp.Messages;

public enum RtspReadKind
{
    NeedMoreData,
    Message,
    Interleaved,
}

/// <summary>
/// Parses RTSP messages and interleaved frames from a byte stream. I/O-free: incomplete input consumes
/// nothing and returns <see cref="RtspReadKind.NeedMoreData"/>; malformed input throws <see cref="RtspProtocolException"/>.
/// </summary>
public static class RtspMessageReader
{
    /// <summary>Largest start line plus headers we accept; a client sending more gets 400.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>Largest body (an SDP, a GET_PARAMETER payload).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static RtspReadKind TryRead(ref SequenceReader<byte> reader, out RtspMessage? message, out InterleavedFrame frame)
    {
        message = null;
        frame = default;
        if (!reader.TryPeek(out var first))
        {
            return RtspReadKind.NeedMoreData;
        }

        if (first == (byte)'$')
        {
            return TryReadInterleaved(ref reader, out frame) ? RtspReadKind.Interleaved : RtspReadKind.NeedMoreData;
        }

        return TryReadMessage(ref reader, out message) ? RtspReadKind.Message : RtspReadKind.NeedMoreData;
    }

    private static bool TryReadInterleaved(ref SequenceReader<byte> reader, out InterleavedFrame frame)
    {
        frame = default;
        Span<byte> header = stackalloc byte[4];
        if (!reader.TryCopyTo(header))
        {
            return false;
        }

        var length = (header[2] << 8) | header[3];
        if (reader.Remaining < 4 + length)
        {
            return false;
        }

        reader.Advance(4);
        frame = new InterleavedFrame(header[1], reader.UnreadSequence.Slice(0, length));
        reader.Advance(length);
        return true;
    }

    private static bool TryReadMessage(ref SequenceReader<byte> reader, out RtspMessage? message)
    {
        message = null;
        var start = reader;
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, "\r\n\r\n"u8))
        {
            if (reader.Remaining > MaxHeaderBytes)
            {
                throw new RtspProtocolException(400, "request headers are too large");
            }

            return false;
        }

        if (head.Length > MaxHeaderBytes)
        {
            throw new RtspProtocolException(400, "request headers are too large");
        }

        var text = Encoding.UTF8.GetString(head);
        var lines = text.Split("\r\n");
        var headers = new RtspHeaders();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length > 0 && line[0] is ' ' or '\t' && headers.Count > 0)
            {
                // Obsolete line folding: continue the previous header.
                var last = headers.All[^1];
                headers.Set(last.Key, last.Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new RtspProtocolException(400, $"malformed header line '{Truncate(line)}'");
            }

            headers.Add(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }

        var bodyLength = 0;
        if (headers["Content-Length"] is { } cl && (!int.TryParse(cl, out bodyLength) || bodyLength < 0 || bodyLength > MaxBodyBytes))
        {
            throw new RtspProtocolException(400, $"invalid Content-Length '{Truncate(cl)}'");
        }

        if (reader.Remaining < bodyLength)
        {
            reader = start;
            return false;
        }

        var body = bodyLength == 0 ? ReadOnlyMemory<byte>.Empty : reader.UnreadSequence.Slice(0, bodyLength).ToArray();
        reader.Advance(bodyLength);
        message = ParseStartLine(lines[0], headers, body);
        return true;
    }

    private static RtspMessage ParseStartLine(string line, RtspHeaders headers, ReadOnlyMemory<byte> body)
    {
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (line.StartsWith("RTSP/", StringComparison.Ordinal))
        {
            if (parts.Length < 2 || !int.TryParse(parts[1], out var code) || code is < 100 or > 999)
            {
                throw new RtspProtocolException(400, $"malformed status line '{Truncate(line)}'");
            }

            return new RtspMessage { Version = parts[0], StatusCode = code, Reason = parts.Length > 2 ? parts[2] : "", Headers = headers, Body = body };
        }

        if (parts.Length != 3 || !parts[2].StartsWith("RTSP/", StringComparison.Ordinal))
        {
            throw new RtspProtocolException(400, $"malformed request line '{Truncate(line)}'");
        }

        if (parts[2] != "RTSP/1.0")
        {
            throw new RtspProtocolException(505, $"RTSP version '{Truncate(parts[2])}' is not supported");
        }

        return new RtspMessage { Method = parts[0], Uri = parts[1], Version = parts[2], Headers = headers, Body = body };
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "...";
}
