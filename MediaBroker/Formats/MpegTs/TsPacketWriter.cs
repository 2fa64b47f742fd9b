using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Formats.MpegTs;

/// <summary>Writes 188-byte transport packets straight into the caller's buffer (ISO/IEC 13818-1 §2.4.3).</summary>
internal static class TsPacketWriter
{
    private const int Size = TsPacketHeader.PacketSize;

    /// <summary>
    /// Splits one PES (or one PSI section with its pointer field) into packets. The first packet carries
    /// payload_unit_start and, when asked, the PCR and random_access_indicator; the last is padded with
    /// adaptation field stuffing (§2.4.3.5), never with PES padding.
    /// </summary>
    public static void WritePayload(IBufferWriter<byte> output, int pid, ref int cc, ReadOnlySpan<byte> data, bool randomAccess, long pcr27Mhz)
    {
        var first = true;
        while (!data.IsEmpty)
        {
            var withPcr = first && pcr27Mhz >= 0;
            var withFlags = withPcr || (first && randomAccess);
            var minAf = withFlags ? 2 + (withPcr ? 6 : 0) : 0;
            var payload = Math.Min(Size - 4 - minAf, data.Length);
            var af = Size - 4 - payload; // adaptation field bytes, length byte included

            var p = output.GetSpan(Size)[..Size];
            p[0] = TsPacketHeader.SyncByte;
            BinaryPrimitives.WriteUInt16BigEndian(p[1..], (ushort)((first ? 0x4000 : 0) | pid));
            p[3] = (byte)((af > 0 ? 0x30 : 0x10) | cc);
            if (af > 0)
            {
                p[4] = (byte)(af - 1);
                if (af > 1)
                {
                    p[5] = (byte)((first && randomAccess ? 0x40 : 0) | (withPcr ? 0x10 : 0));
                    var pos = 6;
                    if (withPcr)
                    {
                        WritePcr(p[6..], pcr27Mhz);
                        pos += 6;
                    }

                    p[pos..(4 + af)].Fill(0xFF);
                }
            }

            data[..payload].CopyTo(p[(4 + af)..]);
            output.Advance(Size);
            data = data[payload..];
            cc = (cc + 1) & 0xF;
            first = false;
        }
    }

    /// <summary>A packet with only an adaptation field carrying a PCR; the counter does not advance (§2.4.3.3).</summary>
    public static void WritePcrOnly(IBufferWriter<byte> output, int pid, int cc, long pcr27Mhz)
    {
        var p = output.GetSpan(Size)[..Size];
        p[0] = TsPacketHeader.SyncByte;
        BinaryPrimitives.WriteUInt16BigEndian(p[1..], (ushort)pid);
        p[3] = (byte)(0x20 | ((cc - 1) & 0xF));
        p[4] = 183;
        p[5] = 0x10;
        WritePcr(p[6..], pcr27Mhz);
        p[12..].Fill(0xFF);
        output.Advance(Size);
    }

    /// <summary>§2.4.3.5: 33-bit base (90 kHz), 6 reserved bits, 9-bit extension (27 MHz remainder).</summary>
    public static void WritePcr(Span<byte> b, long pcr27Mhz)
    {
        var baseValue = (pcr27Mhz / 300) & ((1L << 33) - 1);
        var extension = (int)(pcr27Mhz % 300);
        BinaryPrimitives.WriteUInt32BigEndian(b, (uint)(baseValue >> 1));
        b[4] = (byte)((int)((baseValue & 1) << 7) | 0x7E | (extension >> 8));
        b[5] = (byte)extension;
    }
}
