using System.Buffers;
using System.Globalization;

namespace MediaBroker.Protocols.Rtsp.Messages;

/// <summary>Serializes RTSP messages and interleaved frames.</summary>
public static class RtspMessageWriter
{
    public static void Write(IBufferWriter<byte> output, RtspMessage message)
    {
        if (message.IsRequest)
        {
            RtspHeaders.Write(output, $"{message.Method} {message.Uri} {message.Version}\r\n");
        }
        else
        {
            RtspHeaders.Write(output, $"{message.Version} {message.StatusCode.ToString(CultureInfo.InvariantCulture)} {message.Reason ?? RtspStatus.Reason(message.StatusCode)}\r\n");
        }

        if (message.Body.Length > 0)
        {
            message.Headers.Set("Content-Length", message.Body.Length.ToString(CultureInfo.InvariantCulture));
        }

        message.Headers.WriteTo(output);
        RtspHeaders.Write(output, "\r\n");
        if (message.Body.Length > 0)
        {
            output.Write(message.Body.Span);
        }
    }

    /// <summary>Writes <c>$</c>, channel, length and the packet.</summary>
    public static void WriteInterleaved(IBufferWriter<byte> output, byte channel, ReadOnlySpan<byte> packet)
    {
        var span = output.GetSpan(4 + packet.Length);
        span[0] = (byte)'$';
        span[1] = channel;
        span[2] = (byte)(packet.Length >> 8);
        span[3] = (byte)packet.Length;
        packet.CopyTo(span[4..]);
        output.Advance(4 + packet.Length);
    }
}
