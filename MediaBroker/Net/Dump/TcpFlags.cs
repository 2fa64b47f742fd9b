namespace MediaBroker.Net.Dump;

/// <summary>The TCP header flags a synthetic segment carries.</summary>
[Flags]
internal enum TcpFlags : byte
{
    Fin = 0x01,
    Syn = 0x02,
    Psh = 0x08,
    Ack = 0x10,
}
