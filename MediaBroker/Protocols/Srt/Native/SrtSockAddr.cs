using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MediaBroker.Protocols.Srt.Native;

/// <summary>Linux <c>sockaddr_in</c> / <c>sockaddr_in6</c> as libsrt takes and returns them.</summary>
internal static class SrtSockAddr
{
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    /// <summary>Large enough for sockaddr_in6 (28) and sockaddr_storage-sized answers.</summary>
    public const int MaxLength = 128;

    public static byte[] Encode(IPEndPoint endPoint)
    {
        if (endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = new byte[16];
            BinaryPrimitives.WriteUInt16LittleEndian(b, AfInet);
            BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), (ushort)endPoint.Port);
            endPoint.Address.TryWriteBytes(b.AsSpan(4, 4), out _);
            return b;
        }

        var b6 = new byte[28];
        BinaryPrimitives.WriteUInt16LittleEndian(b6, AfInet6);
        BinaryPrimitives.WriteUInt16BigEndian(b6.AsSpan(2), (ushort)endPoint.Port);
        endPoint.Address.TryWriteBytes(b6.AsSpan(8, 16), out _);
        BinaryPrimitives.WriteUInt32LittleEndian(b6.AsSpan(24), (uint)endPoint.Address.ScopeId);
        return b6;
    }

    public static IPEndPoint? Decode(ReadOnlySpan<byte> b)
    {
        if (b.Length < 16)
        {
            return null;
        }

        var family = BinaryPrimitives.ReadUInt16LittleEndian(b);
        var port = BinaryPrimitives.ReadUInt16BigEndian(b[2..]);
        if (family == AfInet)
        {
            return new IPEndPoint(new IPAddress(b.Slice(4, 4)), port);
        }

        if (family == AfInet6 && b.Length >= 28)
        {
            var address = new IPAddress(b.Slice(8, 16), BinaryPrimitives.ReadUInt32LittleEndian(b[24..]));
            return new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, port);
        }

        return null;
    }

    /// <summary>Reads the peer address libsrt hands to the listen callback.</summary>
    public static IPEndPoint? FromPointer(nint address)
    {
        if (address == 0)
        {
            return null;
        }

        var family = (ushort)Marshal.ReadInt16(address);
        var buf = new byte[family == AfInet6 ? 28 : 16];
        Marshal.Copy(address, buf, 0, buf.Length);
        return Decode(buf);
    }
}
