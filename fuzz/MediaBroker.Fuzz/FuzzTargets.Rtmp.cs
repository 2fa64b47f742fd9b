using MediaBroker.Formats.Amf;
using MediaBroker.Formats.Flv;
using MediaBroker.Media;
using MediaBroker.Protocols.Rtmp;

namespace MediaBroker.Fuzz;

public static partial class FuzzTargets
{
    private static IEnumerable<FuzzTarget> RtmpTargets() =>
    [
        new("rtmp", "RtmpChunkReader.ReadMessages after the handshake, then commands (AMF0), metadata and FLV tags", Rtmp),
        new("amf0", "Amf0Reader.ReadAll (command and data messages)", data => Expect<AmfProtocolException>(() => Amf0Reader.ReadAll(data))),
    ];

    /// <summary>
    /// The bytes a publisher sends after the handshake, handled as RtmpConnection handles them: its session closes on
    /// RtmpProtocolException, AmfProtocolException and FlvProtocolException, and on nothing else.
    /// </summary>
    private static void Rtmp(byte[] data)
    {
        var chunks = new RtmpChunkReader();
        var demuxer = new FlvDemuxer();
        var units = new List<Unit>();
        try
        {
            chunks.ReadMessages(Segments.Split(data, data.Length / 3), message =>
            {
                switch (message.Type)
                {
                    case RtmpMessageType.CommandAmf0 or RtmpMessageType.CommandAmf3:
                        _ = RtmpCommand.Parse(message);
                        break;
                    case RtmpMessageType.Audio or RtmpMessageType.Video:
                        demuxer.Push((FlvTagType)message.Type, message.Timestamp, message.Payload, units);
                        units.Clear();
                        break;
                    case RtmpMessageType.DataAmf0:
                        var values = Amf0Reader.ReadAll(message.Payload.Span);
                        var at = values.Count > 0 && values[0] is "@setDataFrame" ? 1 : 0;
                        if (values.Count > at + 1 && values[at] is "onMetaData" && values[at + 1] is AmfObject metadata)
                        {
                            demuxer.SetMetadata(metadata);
                        }

                        break;
                    case RtmpMessageType.WindowAckSize:
                        _ = RtmpControl.ReadUInt32(message);
                        break;
                    case RtmpMessageType.UserControl:
                        _ = RtmpControl.ReadUserControl(message);
                        break;
                }
            }, out _);
        }
        catch (Exception ex) when (ex is RtmpProtocolException or AmfProtocolException or FlvProtocolException)
        {
        }
    }
}
