using System.Buffers;
using System.Text;
using MediaBroker.Formats.Sdp;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Protocols.Rtsp.Mikey;

namespace MediaBroker.Fuzz;

public static partial class FuzzTargets
{
    private static IEnumerable<FuzzTarget> RtspTargets() =>
    [
        new("rtsp-message", "RtspMessageReader.TryRead over the TCP stream, then the headers a server parses", RtspMessage),
        new("rtsp-transport", "RtspTransport.ParseList (SETUP's Transport header)",
            data => _ = RtspTransport.ParseList(Encoding.UTF8.GetString(data))),
        new("rtsp-auth", "RtspAuthorization.TryParse (Authorization header, Basic and Digest)",
            data => _ = RtspAuthorization.TryParse(Encoding.UTF8.GetString(data), out _)),
        new("mikey", "MikeyMessage.TryParse (KeyMgmt header payload of RTSPS SETUP)",
            data => _ = MikeyMessage.TryParse(data, out _)),
    ];

    /// <summary>
    /// What RtspConnection does with the bytes of a connection: messages and interleaved frames in a row, and for each
    /// request the Transport, Authorization and KeyMgmt headers and an ANNOUNCE body. The connection answers
    /// RtspProtocolException with an error and SdpProtocolException with 400.
    /// </summary>
    private static void RtspMessage(byte[] data)
    {
        // Two segments, split in the middle, as a socket read may deliver them.
        var sequence = Segments.Split(data, data.Length / 2);
        var reader = new SequenceReader<byte>(sequence);
        try
        {
            while (RtspMessageReader.TryRead(ref reader, out var message, out _) != RtspReadKind.NeedMoreData)
            {
                if (message is null)
                {
                    continue;
                }

                if (message.Headers["Transport"] is { } transport)
                {
                    _ = RtspTransport.ParseList(transport);
                }

                if (message.Headers["Authorization"] is { } auth)
                {
                    _ = RtspAuthorization.TryParse(auth, out _);
                }

                if (message.Headers["KeyMgmt"] is { } keyMgmt)
                {
                    _ = MikeyMessage.TryParseBase64(KeyMgmtData(keyMgmt), out _);
                }

                if (!message.Body.IsEmpty)
                {
                    Sdp(message.Body.ToArray());
                }
            }
        }
        catch (RtspProtocolException)
        {
        }
    }

    private static string KeyMgmtData(string header)
    {
        var at = header.IndexOf("data=", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? header : header[(at + 5)..].Trim('"', ' ');
    }
}
