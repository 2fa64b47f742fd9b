using System.Buffers.Binary;

namespace MediaBroker.Tests.Security;

/// <summary>Hand-made RTMP bytes for the attacks: a simple handshake (C0 C1 C2) and chunks with chosen headers.</summary>
internal static class RtmpAttack
{
    private const int BlockSize = 1536;

    /// <summary>C0 (version 3), C1 and C2 of the simple handshake: zero time, zero "version", so no digest is expected.</summary>
    public static byte[] Handshake()
    {
        var bytes = new byte[1 + (2 * BlockSize)];
        bytes[0] = 3;
        return bytes;
    }

    /// <summary>A type-0 chunk header (§5.3.1) on chunk stream <paramref name="csid"/> (2–63) for a message of that length and type.</summary>
    public static byte[] Type0Header(int csid, int length, byte type)
    {
        var h = new byte[12];
        h[0] = (byte)csid;
        h[4] = (byte)(length >> 16);
        h[5] = (byte)(length >> 8);
        h[6] = (byte)length;
        h[7] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(8), 1);
        return h;
    }

    /// <summary>A whole message in chunks of <paramref name="chunkSize"/> (type-3 headers after the first).</summary>
    public static byte[] Message(int csid, byte type, byte[] payload, int chunkSize = 128)
    {
        using var ms = new MemoryStream();
        ms.Write(Type0Header(csid, payload.Length, type));
        for (var offset = 0; offset < payload.Length; offset += chunkSize)
        {
            if (offset > 0)
            {
                ms.WriteByte((byte)(0xC0 | csid));
            }

            ms.Write(payload, offset, Math.Min(chunkSize, payload.Length - offset));
        }

        return ms.ToArray();
    }

    /// <summary>An AMF0 "connect" command whose command object nests <paramref name="depth"/> objects.</summary>
    public static byte[] DeeplyNestedConnect(int depth)
    {
        using var ms = new MemoryStream();
        ms.Write([0x02, 0x00, 0x07, .. "connect"u8]);
        ms.Write([0x00, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0]);
        for (var i = 0; i < depth; i++)
        {
            ms.Write([0x03, 0x00, 0x01, (byte)'a']);
        }

        ms.WriteByte(0x05);
        for (var i = 0; i < depth; i++)
        {
            ms.Write([0x00, 0x00, 0x09]);
        }

        return ms.ToArray();
    }
}
