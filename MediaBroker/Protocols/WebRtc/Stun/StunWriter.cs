using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace MediaBroker.Protocols.WebRtc.Stun;

/// <summary>
/// Writes one STUN message into a caller buffer (RFC 8489 §5, §14). Add attributes in order, then
/// optionally <see cref="AddMessageIntegrity"/>, then <see cref="Finish"/> (which can append FINGERPRINT).
/// Throws <see cref="ArgumentException"/> when the buffer is too small.
/// </summary>
public ref struct StunWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public StunWriter(Span<byte> buffer, ushort messageType, ReadOnlySpan<byte> transactionId)
    {
        if (buffer.Length < StunConstants.HeaderLength)
        {
            throw new ArgumentException("buffer too small for a STUN header", nameof(buffer));
        }

        if (transactionId.Length != StunConstants.TransactionIdLength)
        {
            throw new ArgumentException("a transaction id is 12 bytes", nameof(transactionId));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, messageType);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunConstants.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunConstants.HeaderLength;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    private readonly ReadOnlySpan<byte> TransactionId => _buffer.Slice(8, StunConstants.TransactionIdLength);

    public void AddAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        value.CopyTo(Begin(type, value.Length));
    }

    public void AddText(ushort type, string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        Encoding.UTF8.GetBytes(text, Begin(type, length));
    }

    public void AddUsername(string username) => AddText(StunConstants.AttrUsername, username);

    public void AddSoftware(string software) => AddText(StunConstants.AttrSoftware, software);

    public void AddPriority(uint priority) => BinaryPrimitives.WriteUInt32BigEndian(Begin(StunConstants.AttrPriority, 4), priority);

    public void AddUseCandidate() => Begin(StunConstants.AttrUseCandidate, 0);

    public void AddIceControlling(ulong tieBreaker) => BinaryPrimitives.WriteUInt64BigEndian(Begin(StunConstants.AttrIceControlling, 8), tieBreaker);

    public void AddIceControlled(ulong tieBreaker) => BinaryPrimitives.WriteUInt64BigEndian(Begin(StunConstants.AttrIceControlled, 8), tieBreaker);

    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        var value = Begin(StunConstants.AttrXorMappedAddress, StunAddress.EncodedLength(endPoint));
        StunAddress.WriteXor(value, endPoint, TransactionId);
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8): class = code / 100, number = code % 100.</summary>
    public void AddErrorCode(int code, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699);
        int reasonLength = Encoding.UTF8.GetByteCount(reason);
        var value = Begin(StunConstants.AttrErrorCode, 4 + reasonLength);
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[4..]);
    }

    /// <summary>Appends MESSAGE-INTEGRITY (HMAC-SHA1 keyed with <paramref name="key"/>) over everything written so far.</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int prefixLength = _length;
        var value = Begin(StunConstants.AttrMessageIntegrity, 20);
        StunIntegrity.Compute(_buffer[..prefixLength], key, value);
    }

    /// <summary>Writes the final length and, when asked, FINGERPRINT; returns the message length.</summary>
    public int Finish(bool fingerprint = true)
    {
        if (fingerprint)
        {
            int prefixLength = _length;
            var value = Begin(StunConstants.AttrFingerprint, 4);
            uint crc = StunCrc32.Compute(_buffer[..prefixLength]) ^ StunConstants.FingerprintXor;
            BinaryPrimitives.WriteUInt32BigEndian(value, crc);
        }

        return _length;
    }

    /// <summary>Writes the attribute header and padding, updates the header length, returns the value span.</summary>
    private Span<byte> Begin(ushort type, int valueLength)
    {
        int padded = (valueLength + 3) & ~3;
        if (_buffer.Length - _length < 4 + padded)
        {
            throw new ArgumentException("buffer too small for the STUN message");
        }

        var attr = _buffer.Slice(_length, 4 + padded);
        BinaryPrimitives.WriteUInt16BigEndian(attr, type);
        BinaryPrimitives.WriteUInt16BigEndian(attr[2..], (ushort)valueLength);
        attr[(4 + valueLength)..].Clear();
        _length += 4 + padded;

        // The header length always covers what is written, so integrity/fingerprint see the right value.
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunConstants.HeaderLength));
        return attr.Slice(4, valueLength);
    }
}
