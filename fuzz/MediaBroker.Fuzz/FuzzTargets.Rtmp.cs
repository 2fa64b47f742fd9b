using System.Buffers;
using System.Buffers.Binary;
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
        new("rtmp-handshake", "RtmpHandshake: C0+C1 (digest scheme detection), S0+S1+S2, C2, then the chunk stream; and S0+S1+S2 as our client reads them", RtmpHandshakeThenChunks),
        new("flv-tags", "FlvDemuxer.Push / SetMetadata of FLV tag bodies (RTMP audio/video/data messages, FLV file tags)", FlvTags),
    ];

    /// <summary>
    /// A connection from its first byte, as RtmpConnection.HandshakeAsync reads it (C0+C1, our answer, C2) before
    /// handing the rest to the chunk reader; and the same bytes as a server's S0+S1+S2 read by our RTMP client.
    /// </summary>
    private static void RtmpHandshakeThenChunks(byte[] data)
    {
        var c1 = new byte[RtmpHandshake.BlockSize];
        var rest = -1L;
        try
        {
            var reader = new SequenceReader<byte>(Segments.Split(data, data.Length / 2));
            if (RtmpHandshake.TryReadC0C1(ref reader, c1))
            {
                var response = new byte[1 + (2 * RtmpHandshake.BlockSize)];
                _ = RtmpHandshake.WriteServerResponse(c1, response, 0);
                if (RtmpHandshake.TryReadC2(ref reader))
                {
                    rest = reader.Consumed;
                }
            }
        }
        catch (RtmpProtocolException)
        {
        }

        if (rest >= 0)
        {
            Rtmp(data[(int)rest..]);
        }

        try
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
            _ = RtmpHandshake.TryReadServerResponse(ref reader, c1);
        }
        catch (RtmpProtocolException)
        {
        }
    }

    /// <summary>
    /// Tag bodies straight into the demuxer, without the chunk layer in front: each tag is its FLV type byte (8 audio,
    /// 9 video, 18 script data), a 16-bit big-endian length and the body. Script data named onMetaData sets the
    /// metadata, as the RTMP connection and the FLV file reader do.
    /// </summary>
    private static void FlvTags(byte[] data)
    {
        var demuxer = new FlvDemuxer();
        var units = new List<Unit>();
        var pos = 0;
        uint timestamp = 0;
        while (data.Length - pos >= 3)
        {
            var type = data[pos];
            var length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(pos + 1)), data.Length - pos - 3);
            var body = data.AsMemory(pos + 3, length);
            pos += 3 + length;
            timestamp += 20;
            try
            {
                if (type == (byte)FlvTagType.Script)
                {
                    var values = Amf0Reader.ReadAll(body.Span);
                    if (values.Count > 1 && values[0] is "onMetaData" && values[1] is AmfObject metadata)
                    {
                        demuxer.SetMetadata(metadata);
                    }
                }
                else
                {
                    demuxer.Push((FlvTagType)type, timestamp, body, units);
                    units.Clear();
                }
            }
            catch (Exception ex) when (ex is FlvProtocolException or AmfProtocolException)
            {
            }
        }
    }

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
