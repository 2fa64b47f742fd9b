using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MediaBroker.Formats.Amf;

/// <summary>
/// Decodes AMF0 values (AMF0 specification §2). Static and I/O-free: incomplete input reports
/// <see cref="OperationStatus.NeedMoreData"/> and consumes nothing; malformed input throws
/// <see cref="AmfProtocolException"/>. An AMF3 value behind the avmplus marker (0x11, AMF0 §3.1) is decoded
/// when it is a scalar (what RTMP commands carry in practice) and rejected otherwise.
/// </summary>
public static class Amf0Reader
{
    /// <summary>Nesting deeper than this is refused, so hostile input cannot exhaust the stack.</summary>
    internal const int MaxDepth = 32;

    public static OperationStatus TryReadValue(ReadOnlySpan<byte> source, out object? value, out int consumed)
    {
        var cursor = new Cursor(source);
        if (!cursor.TryReadValue(0, out value))
        {
            consumed = 0;
            return OperationStatus.NeedMoreData;
        }

        consumed = cursor.Position;
        return OperationStatus.Done;
    }

    /// <summary>Decodes every value of a complete message (RTMP command or data message payload).</summary>
    public static List<object?> ReadAll(ReadOnlySpan<byte> message)
    {
        var values = new List<object?>(4);
        var cursor = new Cursor(message);
        while (cursor.Position < message.Length)
        {
            if (!cursor.TryReadValue(0, out var value))
            {
                throw new AmfProtocolException($"AMF0 value truncated at offset {cursor.Position} of {message.Length}");
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>Reads values sequentially; each method returns false when the input ends too early.</summary>
    private ref struct Cursor
    {
        private readonly ReadOnlySpan<byte> _data;

        public Cursor(ReadOnlySpan<byte> data)
        {
            _data = data;
            Position = 0;
        }

        public int Position { get; private set; }

        private readonly int Remaining => _data.Length - Position;

        public bool TryReadValue(int depth, out object? value)
        {
            value = null;
            if (depth > MaxDepth)
            {
                throw new AmfProtocolException("AMF0 nesting too deep");
            }

            var start = Position;
            if (Remaining < 1)
            {
                return false;
            }

            var marker = (Amf0Marker)_data[Position++];
            var ok = marker switch
            {
                Amf0Marker.Number => TryReadDouble(out value),
                Amf0Marker.Boolean => TryReadBoolean(out value),
                Amf0Marker.String => TryReadString(false, out value),
                Amf0Marker.LongString or Amf0Marker.XmlDocument => TryReadString(true, out value),
                Amf0Marker.Null => true,
                Amf0Marker.Undefined or Amf0Marker.Unsupported => SetUndefined(out value),
                Amf0Marker.Object => TryReadProperties(new AmfObject(), depth, out value),
                Amf0Marker.TypedObject => TryReadString(false, out _) && TryReadProperties(new AmfObject(), depth, out value),
                Amf0Marker.EcmaArray => Skip(4) && TryReadProperties(new AmfObject(isEcmaArray: true), depth, out value),
                Amf0Marker.StrictArray => TryReadStrictArray(depth, out value),
                Amf0Marker.Date => TryReadDate(out value),
                Amf0Marker.AvmPlusObject => TryReadAmf3(out value),
                _ => throw new AmfProtocolException($"unsupported AMF0 marker 0x{(byte)marker:X2}"),
            };
            if (!ok)
            {
                Position = start;
            }

            return ok;
        }

        private static bool SetUndefined(out object? value)
        {
            value = AmfUndefined.Value;
            return true;
        }

        private bool Skip(int count)
        {
            if (Remaining < count)
            {
                return false;
            }

            Position += count;
            return true;
        }

        private bool TryReadDouble(out object? value)
        {
            value = null;
            if (Remaining < 8)
            {
                return false;
            }

            value = BinaryPrimitives.ReadDoubleBigEndian(_data[Position..]);
            Position += 8;
            return true;
        }

        private bool TryReadBoolean(out object? value)
        {
            value = null;
            if (Remaining < 1)
            {
                return false;
            }

            value = _data[Position++] != 0;
            return true;
        }

        private bool TryReadString(bool isLong, out object? value)
        {
            value = null;
            var lengthSize = isLong ? 4 : 2;
            if (Remaining < lengthSize)
            {
                return false;
            }

            var length = isLong
                ? BinaryPrimitives.ReadUInt32BigEndian(_data[Position..])
                : BinaryPrimitives.ReadUInt16BigEndian(_data[Position..]);
            if ((ulong)Remaining < (ulong)lengthSize + length)
            {
                return false;
            }

            Position += lengthSize;
            value = Encoding.UTF8.GetString(_data.Slice(Position, (int)length));
            Position += (int)length;
            return true;
        }

        /// <summary>Object and ECMA array bodies: (UTF-8 name, value) pairs up to an empty name and the end marker.</summary>
        private bool TryReadProperties(AmfObject target, int depth, out object? value)
        {
            value = null;
            while (true)
            {
                if (Remaining < 2)
                {
                    return false;
                }

                var nameLength = BinaryPrimitives.ReadUInt16BigEndian(_data[Position..]);
                if (nameLength == 0)
                {
                    if (Remaining < 3)
                    {
                        return false;
                    }

                    if (_data[Position + 2] != (byte)Amf0Marker.ObjectEnd)
                    {
                        throw new AmfProtocolException("AMF0 empty property name not followed by object end");
                    }

                    Position += 3;
                    value = target;
                    return true;
                }

                if (!TryReadString(false, out var name) || !TryReadValue(depth + 1, out var property))
                {
                    return false;
                }

                target.Add((string)name!, property);
            }
        }

        private bool TryReadStrictArray(int depth, out object? value)
        {
            value = null;
            if (Remaining < 4)
            {
                return false;
            }

            var count = BinaryPrimitives.ReadUInt32BigEndian(_data[Position..]);
            Position += 4;

            // Every value takes at least one byte: a count beyond the input means "not here yet";
            // this also keeps a hostile count from sizing an allocation.
            if (count > (uint)Remaining)
            {
                return false;
            }

            var items = new object?[count];
            for (var i = 0; i < items.Length; i++)
            {
                if (!TryReadValue(depth + 1, out items[i]))
                {
                    return false;
                }
            }

            value = items;
            return true;
        }

        private bool TryReadDate(out object? value)
        {
            value = null;
            if (Remaining < 10)
            {
                return false;
            }

            // Milliseconds since the Unix epoch, UTC, then a reserved time-zone field (AMF0 §2.13).
            var ms = BinaryPrimitives.ReadDoubleBigEndian(_data[Position..]);
            Position += 10;
            if (double.IsNaN(ms) || ms < -62135596800000d || ms > 253402300799999d)
            {
                throw new AmfProtocolException("AMF0 date out of range");
            }

            value = DateTime.UnixEpoch.AddMilliseconds(ms);
            return true;
        }

        /// <summary>AMF3 scalars (AMF3 specification §3.2-3.8); objects, arrays and references are refused.</summary>
        private bool TryReadAmf3(out object? value)
        {
            value = null;
            if (Remaining < 1)
            {
                return false;
            }

            var marker = _data[Position++];
            switch (marker)
            {
                case 0x00:
                    value = AmfUndefined.Value;
                    return true;
                case 0x01:
                    return true;
                case 0x02 or 0x03:
                    value = marker == 0x03;
                    return true;
                case 0x04:
                    if (!TryReadU29(out var u29))
                    {
                        return false;
                    }

                    // 29-bit two's complement integer.
                    value = (double)((int)(u29 << 3) >> 3);
                    return true;
                case 0x05:
                    return TryReadDouble(out value);
                case 0x06:
                    if (!TryReadU29(out var header))
                    {
                        return false;
                    }

                    if ((header & 1) == 0)
                    {
                        throw new AmfProtocolException("AMF3 string references are not supported");
                    }

                    var length = (int)(header >> 1);
                    if (Remaining < length)
                    {
                        return false;
                    }

                    value = Encoding.UTF8.GetString(_data.Slice(Position, length));
                    Position += length;
                    return true;
                default:
                    throw new AmfProtocolException($"AMF3 value type 0x{marker:X2} is not supported");
            }
        }

        /// <summary>AMF3 variable-length unsigned 29-bit integer (AMF3 §1.3.1).</summary>
        private bool TryReadU29(out uint value)
        {
            value = 0;
            for (var i = 0; i < 4; i++)
            {
                if (Remaining < 1)
                {
                    return false;
                }

                var b = _data[Position++];
                if (i == 3)
                {
                    value = (value << 8) | b;
                    return true;
                }

                value = (value << 7) | (uint)(b & 0x7F);
                if ((b & 0x80) == 0)
                {
                    return true;
                }
            }

            return true;
        }
    }
}
