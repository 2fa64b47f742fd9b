using System.Buffers;
using T = MediaBroker.Formats.Fmp4.Mp4BoxTypes;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Writes the initialization segment of a fragmented MP4: ftyp + moov with one trak per track, empty sample
/// tables and an mvex/trex per track (ISO/IEC 14496-12 §8.8.1: samples live in the following moof/mdat pairs).
/// </summary>
public static class Fmp4InitWriter
{
    private const int MovieTimescale = 1000;

    public static byte[] Build(IReadOnlyList<Fmp4TrackInfo> tracks)
    {
        using var b = new Mp4BoxBuilder(1024);
        WriteTo(b, tracks);
        return b.WrittenSpan.ToArray();
    }

    public static void Write(IBufferWriter<byte> output, IReadOnlyList<Fmp4TrackInfo> tracks)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var b = new Mp4BoxBuilder(1024);
        WriteTo(b, tracks);
        b.CopyTo(output);
    }

    private static void WriteTo(Mp4BoxBuilder b, IReadOnlyList<Fmp4TrackInfo> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (tracks.Count == 0)
        {
            throw new ArgumentException("an init segment needs at least one track", nameof(tracks));
        }

        var ftyp = b.Begin(T.Ftyp);
        b.U32(0x69736F35); // major_brand "iso5": tfdt and default-base-is-moof are used
        b.U32(512);
        b.U32(0x69736F35); // "iso5"
        b.U32(0x69736F36); // "iso6"
        b.U32(0x6D703431); // "mp41"
        b.End(ftyp);

        var moov = b.Begin(T.Moov);
        var nextTrackId = 1;
        foreach (var t in tracks)
        {
            nextTrackId = Math.Max(nextTrackId, t.TrackId + 1);
        }

        Mvhd(b, nextTrackId);
        foreach (var t in tracks)
        {
            Trak(b, t);
        }

        var mvex = b.Begin(T.Mvex);
        foreach (var t in tracks)
        {
            var trex = b.BeginFull(T.Trex, 0, 0);
            b.U32((uint)t.TrackId);
            b.U32(1); // default_sample_description_index
            b.U32(0);
            b.U32(0);
            b.U32(0);
            b.End(trex);
        }

        b.End(mvex);
        b.End(moov);
    }

    /// <summary>mvhd version 0 (§8.2.2) with zero duration: the length is only known from the fragments.</summary>
    private static void Mvhd(Mp4BoxBuilder b, int nextTrackId)
    {
        var mvhd = b.BeginFull(T.Mvhd, 0, 0);
        b.U32(0); // creation_time
        b.U32(0); // modification_time
        b.U32(MovieTimescale);
        b.U32(0); // duration
        b.U32(0x00010000); // rate 1.0
        b.U16(0x0100); // volume 1.0
        b.Zeros(10);
        b.UnityMatrix();
        b.Zeros(24);
        b.U32((uint)nextTrackId);
        b.End(mvhd);
    }

    private static void Trak(Mp4BoxBuilder b, Fmp4TrackInfo t)
    {
        var trak = b.Begin(T.Trak);

        // tkhd (§8.3.2), flags track_enabled | track_in_movie.
        var tkhd = b.BeginFull(T.Tkhd, 0, 3);
        b.U32(0);
        b.U32(0);
        b.U32((uint)t.TrackId);
        b.U32(0);
        b.U32(0); // duration
        b.Zeros(8);
        b.U16(0); // layer
        b.U16(0); // alternate_group
        b.U16(t.IsVideo ? 0 : 0x0100); // volume
        b.U16(0);
        b.UnityMatrix();
        b.U32((uint)t.Width << 16);
        b.U32((uint)t.Height << 16);
        b.End(tkhd);

        var mdia = b.Begin(T.Mdia);
        var mdhd = b.BeginFull(T.Mdhd, 0, 0);
        b.U32(0);
        b.U32(0);
        b.U32((uint)t.Timescale);
        b.U32(0);
        b.U16(0x55C4); // language "und", ISO-639-2/T packed in 5-bit letters
        b.U16(0);
        b.End(mdhd);

        var hdlr = b.BeginFull(T.Hdlr, 0, 0);
        b.U32(0);
        b.U32(t.IsVideo ? 0x76696465u : 0x736F756Eu); // "vide" / "soun"
        b.Zeros(12);
        b.Bytes(t.IsVideo ? "VideoHandler\0"u8 : "SoundHandler\0"u8);
        b.End(hdlr);

        var minf = b.Begin(T.Minf);
        if (t.IsVideo)
        {
            var vmhd = b.BeginFull(T.Vmhd, 0, 1);
            b.Zeros(8); // graphicsmode, opcolor
            b.End(vmhd);
        }
        else
        {
            var smhd = b.BeginFull(T.Smhd, 0, 0);
            b.U32(0); // balance, reserved
            b.End(smhd);
        }

        var dinf = b.Begin(T.Dinf);
        var dref = b.BeginFull(T.Dref, 0, 0);
        b.U32(1);
        var url = b.BeginFull(T.Url, 0, 1); // flag 1: media data is in this file
        b.End(url);
        b.End(dref);
        b.End(dinf);

        var stbl = b.Begin(T.Stbl);
        var stsd = b.BeginFull(T.Stsd, 0, 0);
        b.U32(1);
        b.Bytes(t.SampleEntry);
        b.End(stsd);
        EmptyTable(b, T.Stts);
        EmptyTable(b, T.Stsc);
        var stsz = b.BeginFull(T.Stsz, 0, 0);
        b.U32(0); // sample_size
        b.U32(0); // sample_count
        b.End(stsz);
        EmptyTable(b, T.Stco);
        b.End(stbl);

        b.End(minf);
        b.End(mdia);
        b.End(trak);
    }

    private static void EmptyTable(Mp4BoxBuilder b, uint type)
    {
        var box = b.BeginFull(type, 0, 0);
        b.U32(0);
        b.End(box);
    }
}
