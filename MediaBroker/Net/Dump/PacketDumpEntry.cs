using System.Net;

namespace MediaBroker.Net.Dump;

/// <summary>What a dumped connection did: a TCP read or write, or one datagram; <see cref="Data"/> is rented from the shared pool.</summary>
internal readonly record struct PacketDumpEntry(long UnixMicros, PacketDumpEntryKind Kind, byte[] Data, int Length, IPEndPoint? Source, IPEndPoint? Destination);

internal enum PacketDumpEntryKind
{
    TcpReceived,
    TcpSent,
    Datagram,
}
