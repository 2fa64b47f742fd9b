using T = MediaBroker.Formats.Fmp4.Mp4BoxTypes;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Writes the head of a regular (progressive) MP4 whose samples are copied from other files: ftyp, a moov with full
/// sample tables (stts, ctts, stss, stsc, stsz, co64; ISO/IEC 14496-12 §8.6-8.7) placed before the media so a
/// browser can play and seek it while it downloads, and the mdat header. The caller then writes the sample bytes in
/// <see cref="Layout.Order"/>. One sample per chunk keeps the tables simple and exact.
/// </summary>
public static class Mp4ProgressiveWriter
{
    private const int MovieTimescale = 1000;

    /// <summary>What to write: the header bytes, then the samples (track index, sample index) in this order.</summary>
    public sealed record Layout(byte[] Header, IReadOnlyList<(int Track, int Sample)> Order, long MediaSize);

    public static Layout Build(IReadOnlyList<Mp4CopyTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (tracks.Count == 0)
        {
            throw new ArgumentException("an MP4 needs at least one track", nameof(tracks));
        }

        var order = Interleave(tracks);
        long media = 0;
        foreach (var (t, s) in order)
        {
            media += tracks[t].Samples[s].Size;
        }

        // The header's size does not depend on the offsets it holds (co64 entries are fixed-size): write it once with
        // the media at 0, then again with the media right after it.
        var first = Write(tracks, order, 0, media);
        var header = Write(tracks, order, first.Length, media);
        return new Layout(header, order, media);
    }

    /// <summary>Samples of all tracks in decode-time order (seconds), so that audio and video stay close in the file.</summary>
    private static List<(int Track, int Sample)> Interleave(IReadOnlyList<Mp4CopyTrack> tracks)
    {
        var order = new List<(int, int)>();
        var next = new int[tracks.Count];
        while (true)
        {
            var best = -1;
            double bestTime = 0;
            for (var i = 0; i < tracks.Count; i++)
            {
                if (next[i] < tracks[i].Samples.Count)
                {
                    var time = (double)tracks[i].Samples[next[i]].Dts / tracks[i].Source.Timescale;
                    if (best < 0 || time < bestTime)
                    {
                        best = i;
                        bestTime = time;
                    }
                }
            }

            if (best < 0)
            {
                return order;
            }

            order.Add((best, next[best]++));
        }
    }

    private static byte[] Write(IReadOnlyList<Mp4CopyTrack> tracks, List<(int Track, int Sample)> order, long mediaStart, long media)
    {
        var large = media + 8 > uint.MaxValue;
        var offsets = new long[tracks.Count][];
        for (var i = 0; i < tracks.Count; i++)
        {
            offsets[i] = new long[tracks[i].Samples.Count];
        }

        var at = mediaStart;
        foreach (var (t, s) in order)
        {
            offsets[t][s] = at;
            at += tracks[t].Samples[s].Size;
        }

        using var b = new Mp4BoxBuilder(4096);
        var ftyp = b.Begin(T.Ftyp);
        b.U32(0x69736F6D); // "isom"
        b.U32(512);
        b.U32(0x69736F6D); // "isom"
        b.U32(0x69736F32); // "iso2"
        b.U32(0x61766331); // "avc1"
        b.U32(0x6D703431); // "mp41"
        b.End(ftyp);

        var moov = b.Begin(T.Moov);
        var movieDuration = 0L;
        var nextTrackId = 1;
        foreach (var t in tracks)
        {
            movieDuration = Math.Max(movieDuration, t.Duration * MovieTimescale / t.Source.Timescale);
            nextTrackId = Math.Max(nextTrackId, t.Source.TrackId + 1);
        }

        var mvhd = b.BeginFull(T.Mvhd, 1, 0);
        b.U64(0);
        b.U64(0);
        b.U32(MovieTimescale);
        b.U64((ulong)movieDuration);
        b.U32(0x00010000);
        b.U16(0x0100);
        b.Zeros(10);
        b.UnityMatrix();
        b.Zeros(24);
        b.U32((uint)nextTrackId);
        b.End(mvhd);
        for (var i = 0; i < tracks.Count; i++)
        {
            Trak(b, tracks[i], offsets[i]);
        }

        b.End(moov);
        if (large)
        {
            b.U32(1);
            b.U32(T.Mdat);
            b.U64((ulong)(media + 16));
        }
        else
        {
            b.U32((uint)(media + 8));
            b.U32(T.Mdat);
        }

        return b.WrittenSpan.ToArray();
    }

    private static void Trak(Mp4BoxBuilder b, Mp4CopyTrack t, long[] offsets)
    {
        var src = t.Source;
        var trak = b.Begin(T.Trak);
        var tkhd = b.BeginFull(T.Tkhd, 1, 3); // track_enabled | track_in_movie
        b.U64(0);
        b.U64(0);
        b.U32((uint)src.TrackId);
        b.U32(0);
        b.U64((ulong)(t.Duration * MovieTimescale / src.Timescale));
        b.Zeros(8);
        b.U16(0);
        b.U16(0);
        b.U16(t.IsVideo ? 0 : 0x0100);
        b.U16(0);
        b.UnityMatrix();
        b.U32((uint)src.Width << 16);
        b.U32((uint)src.Height << 16);
        b.End(tkhd);

        var mdia = b.Begin(T.Mdia);
        var mdhd = b.BeginFull(T.Mdhd, 1, 0);
        b.U64(0);
        b.U64(0);
        b.U32((uint)src.Timescale);
        b.U64((ulong)t.Duration);
        b.U16(0x55C4); // "und"
        b.U16(0);
        b.End(mdhd);

        var hdlr = b.BeginFull(T.Hdlr, 0, 0);
        b.U32(0);
        b.U32(src.HandlerType);
        b.Zeros(12);
        b.Bytes(t.IsVideo ? "VideoHandler\0"u8 : "SoundHandler\0"u8);
        b.End(hdlr);

        var minf = b.Begin(T.Minf);
        if (t.IsVideo)
        {
            var vmhd = b.BeginFull(T.Vmhd, 0, 1);
            b.Zeros(8);
            b.End(vmhd);
        }
        else
        {
            var smhd = b.BeginFull(T.Smhd, 0, 0);
            b.U32(0);
            b.End(smhd);
        }

        var dinf = b.Begin(T.Dinf);
        var dref = b.BeginFull(T.Dref, 0, 0);
        b.U32(1);
        var url = b.BeginFull(T.Url, 0, 1);
        b.End(url);
        b.End(dref);
        b.End(dinf);

        var stbl = b.Begin(T.Stbl);
        b.Bytes(src.SampleDescriptionBox ?? throw new ArgumentException($"track {src.TrackId} has no sample description"));
        SampleTables(b, t.Samples, offsets);
        b.End(stbl);
        b.End(minf);
        b.End(mdia);
        b.End(trak);
    }

    private static void SampleTables(Mp4BoxBuilder b, IReadOnlyList<Mp4SampleInfo> samples, long[] offsets)
    {
        // stts: run-length decode durations.
        var stts = b.BeginFull(T.Stts, 0, 0);
        var countAt = b.Length;
        b.U32(0);
        var runs = 0u;
        for (var i = 0; i < samples.Count;)
        {
            var j = i;
            while (j < samples.Count && samples[j].Duration == samples[i].Duration)
            {
                j++;
            }

            b.U32((uint)(j - i));
            b.U32(samples[i].Duration);
            runs++;
            i = j;
        }

        Patch(b, countAt, runs);
        b.End(stts);

        var anyCto = false;
        foreach (var s in samples)
        {
            anyCto |= s.CompositionOffset != 0;
        }

        if (anyCto)
        {
            var ctts = b.BeginFull(T.Ctts, 1, 0); // version 1: signed offsets
            countAt = b.Length;
            b.U32(0);
            runs = 0;
            for (var i = 0; i < samples.Count;)
            {
                var j = i;
                while (j < samples.Count && samples[j].CompositionOffset == samples[i].CompositionOffset)
                {
                    j++;
                }

                b.U32((uint)(j - i));
                b.I32(samples[i].CompositionOffset);
                runs++;
                i = j;
            }

            Patch(b, countAt, runs);
            b.End(ctts);
        }

        var allSync = true;
        foreach (var s in samples)
        {
            allSync &= s.IsSync;
        }

        if (!allSync)
        {
            var stss = b.BeginFull(T.Stss, 0, 0);
            countAt = b.Length;
            b.U32(0);
            var n = 0u;
            for (var i = 0; i < samples.Count; i++)
            {
                if (samples[i].IsSync)
                {
                    b.U32((uint)(i + 1));
                    n++;
                }
            }

            Patch(b, countAt, n);
            b.End(stss);
        }

        var stsc = b.BeginFull(T.Stsc, 0, 0);
        b.U32(1);
        b.U32(1); // first_chunk
        b.U32(1); // samples_per_chunk
        b.U32(1); // sample_description_index
        b.End(stsc);

        var stsz = b.BeginFull(T.Stsz, 0, 0);
        b.U32(0);
        b.U32((uint)samples.Count);
        foreach (var s in samples)
        {
            b.U32((uint)s.Size);
        }

        b.End(stsz);

        var co64 = b.BeginFull(T.Co64, 0, 0);
        b.U32((uint)offsets.Length);
        foreach (var o in offsets)
        {
            b.U64((ulong)o);
        }

        b.End(co64);
    }

    private static void Patch(Mp4BoxBuilder b, int at, uint value)
    {
        // Mp4BoxBuilder patches sizes only; a count written before its entries goes through the same span.
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b.Writable(at), value);
    }
}
