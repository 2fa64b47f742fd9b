using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MediaBroker.Formats.Amf;

/// <summary>
/// Encodes AMF0 values (AMF0 specification §2). Accepts the same value model the reader produces,
/// plus any numeric type (written as a number) and <c>IReadOnlyList&lt;object?&gt;</c> (strict array).
/// </summary>
public static class Amf0Writer
{
    /// <summary>Encodes a sequence of values, e.g. a command: name, transaction id, command object, arguments.</summary>
    public static byte[] Encode(params ReadOnlySpan<object?> values)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        foreach (var v in values)
        {
            WriteValue(buffer, v);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteValue(IBufferWriter<byte> output, object? value)
    {
        switch (value)
        {
            case null:
                WriteMarker(output, Amf0Marker.Null);
                break;
            case AmfUndefined:
                WriteMarker(output, Amf0Marker.Undefined);
                break;
            case bool b:
                WriteBoolean(output, b);
                break;
            case string s:
                WriteString(output, s);
                break;
            case double d:
                WriteNumber(output, d);
                break;
            case int or long or uint or ulong or short or ushort or byte or sbyte or float or decimal:
                WriteNumber(output, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case AmfObject o:
                WriteObject(output, o);
                break;
            case DateTime dt:
                WriteDate(output, dt);
                break;
            case IReadOnlyList<object?> list:
                WriteStrictArray(output, list);
                break;
            default:
                throw new ArgumentException($"type {value.GetType().Name} has no AMF0 encoding", nameof(value));
        }
    }

    public static void WriteNumber(IBufferWriter<byte> output, double value)
    {
        var span = output.GetSpan(9);
        span[0] = (byte)Amf0Marker.Number;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        output.Advance(9);
    }

    public static void WriteBoolean(IBufferWriter<byte> output, bool value)
    {
        var span = output.GetSpan(2);
        span[0] = (byte)Amf0Marker.Boolean;
        span[1] = value ? (byte)1 : (byte)0;
        output.Advance(2);
    }

    /// <summary>Writes a string, or a long string (§2.14) when its UTF-8 form exceeds 65535 bytes.</summary>
    public static void WriteString(IBufferWriter<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            var span = output.GetSpan(5 + length);
            span[0] = (byte)Amf0Marker.LongString;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            Encoding.UTF8.GetBytes(value, span[5..]);
            output.Advance(5 + length);
            return;
        }

        WriteMarker(output, Amf0Marker.String);
        WriteUtf8(output, value, length);
    }

    public static void WriteNull(IBufferWriter<byte> output) => WriteMarker(output, Amf0Marker.Null);

    public static void WriteObject(IBufferWriter<byte> output, AmfObject value)
    {
        if (value.IsEcmaArray)
        {
            var head = output.GetSpan(5);
            head[0] = (byte)Amf0Marker.EcmaArray;
            BinaryPrimitives.WriteUInt32BigEndian(head[1..], (uint)value.Count);
            output.Advance(5);
        }
        else
        {
            WriteMarker(output, Amf0Marker.Object);
        }

        foreach (var (name, property) in value.Properties)
        {
            var length = Encoding.UTF8.GetByteCount(name);
            if (length is 0 or > ushort.MaxValue)
            {
                throw new ArgumentException($"AMF0 property name length {length} is not encodable", nameof(value));
            }

            WriteUtf8(output, name, length);
            WriteValue(output, property);
        }

        var end = output.GetSpan(3);
        end[0] = 0;
        end[1] = 0;
        end[2] = (byte)Amf0Marker.ObjectEnd;
        output.Advance(3);
    }

    public static void WriteStrictArray(IBufferWriter<byte> output, IReadOnlyList<object?> items)
    {
        var head = output.GetSpan(5);
        head[0] = (byte)Amf0Marker.StrictArray;
        BinaryPrimitives.WriteUInt32BigEndian(head[1..], (uint)items.Count);
        output.Advance(5);
        foreach (var item in items)
        {
            WriteValue(output, item);
        }
    }

    public static void WriteDate(IBufferWriter<byte> output, DateTime value)
    {
        var span = output.GetSpan(11);
        span[0] = (byte)Amf0Marker.Date;
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], (utc - DateTime.UnixEpoch).TotalMilliseconds);
        span[9] = 0;
        span[10] = 0;
        output.Advance(11);
    }

    private static void WriteMarker(IBufferWriter<byte> output, Amf0Marker marker)
    {
        output.GetSpan(1)[0] = (byte)marker;
        output.Advance(1);
    }

    private static void WriteUtf8(IBufferWriter<byte> output, string value, int length)
    {
        var span = output.GetSpan(2 + length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)length);
        Encoding.UTF8.GetBytes(value, span[2..]);
        output.Advance(2 + length);
    }
}
