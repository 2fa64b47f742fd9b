using System.Buffers.Binary;
using MediaBroker.Formats.MpegTs;

namespace MediaBroker.Tests.Security;

/// <summary>
/// Hand-made MPEG-TS for the PID-flood attacks: a PAT of thousands of programs (several sections), a PMT listing as
/// many KLV streams as one section holds, PES on those streams and packets on thousands of PIDs nothing declared.
/// KLV streams need nothing from the bitstream to be described, so the demuxer announces them as soon as a PES ends.
/// </summary>
internal sealed class HostileTs
{
    public const int PacketSize = 188;
    public const int PmtPid = 0x20;
    public const int FirstEsPid = 0x40;

    /// <summary>Streams one 1 KB PMT section can list with a registration descriptor each (11 bytes a stream).</summary>
    public const int PmtStreams = 91;

    private readonly int[] _cc = new int[8192];

    /// <summary>The PAT: <paramref name="programs"/> programs, 253 a section; program 1 (the first) has the PMT on <see cref="PmtPid"/>.</summary>
    public IEnumerable<byte[]> Pat(int programs)
    {
        const int perSection = 253;
        var sections = (programs + perSection - 1) / perSection;
        for (var n = 0; n < sections; n++)
        {
            var count = Math.Min(perSection, programs - (n * perSection));
            var body = new byte[count * 4];
            for (var i = 0; i < count; i++)
            {
                var program = (n * perSection) + i + 1;
                // Every other program's PMT is on a PID of its own: thousands of PIDs the demuxer must not follow.
                var pid = program == 1 ? PmtPid : 0x1000 + (program % 0x0F00);
                BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(i * 4), (ushort)program);
                BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan((i * 4) + 2), (ushort)(0xE000 | pid));
            }

            foreach (var p in SectionPackets(0, Section(0x00, 1, n, sections - 1, body)))
            {
                yield return p;
            }
        }
    }

    /// <summary>The PMT of program 1: <see cref="PmtStreams"/> KLV streams on PIDs from <see cref="FirstEsPid"/>.</summary>
    public IEnumerable<byte[]> Pmt()
    {
        var body = new byte[4 + (PmtStreams * 11)];
        BinaryPrimitives.WriteUInt16BigEndian(body, 0xE000 | FirstEsPid); // PCR PID
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), 0xF000); // no program info
        for (var i = 0; i < PmtStreams; i++)
        {
            var e = body.AsSpan(4 + (i * 11));
            e[0] = 0x06; // private data
            BinaryPrimitives.WriteUInt16BigEndian(e[1..], (ushort)(0xE000 | (FirstEsPid + i)));
            BinaryPrimitives.WriteUInt16BigEndian(e[3..], 0xF000 | 6);
            e[5] = 0x05; // registration_descriptor "KLVA"
            e[6] = 4;
            "KLVA"u8.CopyTo(e[7..]);
        }

        return SectionPackets(PmtPid, Section(0x02, 1, 0, 0, body));
    }

    /// <summary>One whole PES (178 bytes, PTS <paramref name="pts"/>) in one packet: a KLV unit.</summary>
    public byte[] WholePes(int pid, long pts) => PesStart(pid, pts, bounded: true);

    /// <summary>The first packet of a PES without a length: it lasts until the next PES on the PID.</summary>
    public byte[] OpenPes(int pid, long pts) => PesStart(pid, pts, bounded: false);

    /// <summary>184 more bytes of whatever PES is open on the PID (or of nothing, on an undeclared PID).</summary>
    public byte[] Continuation(int pid)
    {
        var p = Header(pid, unitStart: false);
        p.AsSpan(4).Fill(0x5A);
        return p;
    }

    /// <summary>Packets grouped 7 by 7: one SRT message or UDP datagram each, as ffmpeg sends them.</summary>
    public static IEnumerable<byte[]> Datagrams(IEnumerable<byte[]> packets)
    {
        var buffer = new List<byte>(7 * PacketSize);
        foreach (var p in packets)
        {
            buffer.AddRange(p);
            if (buffer.Count == 7 * PacketSize)
            {
                yield return [.. buffer];
                buffer.Clear();
            }
        }

        if (buffer.Count > 0)
        {
            yield return [.. buffer];
        }
    }

    private byte[] PesStart(int pid, long pts, bool bounded)
    {
        var p = Header(pid, unitStart: true);
        var pes = p.AsSpan(4);
        pes[0] = 0;
        pes[1] = 0;
        pes[2] = 1;
        pes[3] = 0xBD; // private_stream_1
        BinaryPrimitives.WriteUInt16BigEndian(pes[4..], (ushort)(bounded ? 184 - 6 : 0));
        pes[6] = 0x80;
        pes[7] = 0x80; // PTS only
        pes[8] = 5;
        pes[9] = (byte)(0x21 | ((pts >> 29) & 0x0E));
        BinaryPrimitives.WriteUInt16BigEndian(pes[10..], (ushort)(((pts >> 14) & 0xFFFE) | 1));
        BinaryPrimitives.WriteUInt16BigEndian(pes[12..], (ushort)(((pts << 1) & 0xFFFE) | 1));
        pes[14..].Fill(0x4B);
        return p;
    }

    private byte[] Header(int pid, bool unitStart)
    {
        var p = new byte[PacketSize];
        p[0] = 0x47;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(1), (ushort)((unitStart ? 0x4000 : 0) | pid));
        p[3] = (byte)(0x10 | _cc[pid]); // payload only
        _cc[pid] = (_cc[pid] + 1) & 0xF;
        return p;
    }

    private IEnumerable<byte[]> SectionPackets(int pid, byte[] section)
    {
        var pos = 0;
        var first = true;
        while (pos < section.Length)
        {
            var p = Header(pid, first);
            var at = 4;
            if (first)
            {
                p[at++] = 0; // pointer_field
            }

            var n = Math.Min(PacketSize - at, section.Length - pos);
            section.AsSpan(pos, n).CopyTo(p.AsSpan(at));
            p.AsSpan(at + n).Fill(0xFF);
            pos += n;
            first = false;
            yield return p;
        }
    }

    private static byte[] Section(byte tableId, int tableIdExtension, int sectionNumber, int lastSectionNumber, byte[] body)
    {
        var section = new byte[8 + body.Length + 4];
        section[0] = tableId;
        BinaryPrimitives.WriteUInt16BigEndian(section.AsSpan(1), (ushort)(0xB000 | (5 + body.Length + 4)));
        BinaryPrimitives.WriteUInt16BigEndian(section.AsSpan(3), (ushort)tableIdExtension);
        section[5] = 0xC1; // version 0, current
        section[6] = (byte)sectionNumber;
        section[7] = (byte)lastSectionNumber;
        body.CopyTo(section.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(section.AsSpan(8 + body.Length), MpegCrc32.Compute(section.AsSpan(0, 8 + body.Length)));
        return section;
    }
}
