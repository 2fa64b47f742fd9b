using System.Globalization;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Ac3;
using MediaBroker.Codecs.Mpeg12Audio;

namespace MediaBroker.Formats.Fmp4;

internal static partial class Fmp4SampleEntries
{
    private const uint RawType = 0x72617720; // "raw ": unsigned 8-bit PCM (QuickTime)

    /// <summary>Opus + dOps (Encapsulation of Opus in ISOBMFF §4.3). dOps is big-endian, unlike OpusHead.</summary>
    private static Fmp4TrackStatus Opus(Mp4BoxBuilder b, OpusCodec c, out Fmp4SampleEntry entry)
    {
        entry = default;
        var channels = c.ChannelCount;
        if (channels is < 1 or > 8)
        {
            return Fmp4TrackStatus.Unsupported;
        }

        var start = BeginAudio(b, Mp4BoxTypes.Opus, channels, 16, 48000);
        var dops = b.Begin(Mp4BoxTypes.Dops);
        b.U8(0); // Version
        b.U8(channels);
        b.U16(0); // PreSkip: a live stream is joined mid-way, there is no encoder delay to trim
        b.U32(48000); // InputSampleRate
        b.U16(0); // OutputGain
        if (channels <= 2)
        {
            b.U8(0); // ChannelMappingFamily 0: mono/stereo
        }
        else
        {
            // Family 1, Vorbis channel order (RFC 7845 §5.1.1.2).
            ReadOnlySpan<byte> streams = [0, 0, 0, 2, 2, 3, 4, 4, 5];
            ReadOnlySpan<byte> coupled = [0, 0, 0, 1, 2, 2, 2, 3, 3];
            b.U8(1);
            b.U8(streams[channels]);
            b.U8(coupled[channels]);
            b.Bytes(channels switch
            {
                3 => [0, 2, 1],
                4 => [0, 1, 2, 3],
                5 => [0, 4, 1, 2, 3],
                6 => [0, 4, 1, 2, 3, 5],
                7 => [0, 4, 1, 2, 3, 5, 6],
                _ => (ReadOnlySpan<byte>)[0, 6, 1, 2, 3, 4, 5, 7],
            });
        }

        b.End(dops);
        b.End(start);
        entry = new Fmp4SampleEntry([], 0, 0, 48000, channels, "opus");
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>mp4a + esds carrying the AudioSpecificConfig (ISO/IEC 14496-14 §5.6, 14496-3 §1.6.2.1).</summary>
    private static Fmp4TrackStatus Aac(Mp4BoxBuilder b, Mpeg4AudioCodec c, out Fmp4SampleEntry entry)
    {
        entry = default;
        if (c.Config is not { Length: >= 2 } config || c.SampleRate <= 0 || c.ChannelCount <= 0)
        {
            return Fmp4TrackStatus.Unsupported;
        }

        var start = BeginAudio(b, Mp4BoxTypes.Mp4a, c.ChannelCount, 16, c.SampleRate);
        Esds(b, OtiMpeg4Audio, StreamTypeAudio, config);
        b.End(start);
        var objectType = config[0] >> 3;
        if (objectType == 31)
        {
            objectType = 32 + (((config[0] & 7) << 3) | (config[1] >> 5));
        }

        entry = new Fmp4SampleEntry([], 0, 0, c.SampleRate, c.ChannelCount, string.Create(CultureInfo.InvariantCulture, $"mp4a.40.{objectType}"));
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>MP3/MP2 as mp4a + esds with objectTypeIndication 0x6B (MPEG-1) or 0x69 (MPEG-2/2.5), read from a frame header.</summary>
    private static Fmp4TrackStatus MpegAudio(Mp4BoxBuilder b, ReadOnlySpan<byte> frame, out Fmp4SampleEntry entry)
    {
        entry = default;
        if (!TryParseCodec<MpegAudioFrameHeader>(frame, MpegAudioFrameHeader.TryParse, out var f))
        {
            return Fmp4TrackStatus.NeedsSample;
        }

        var start = BeginAudio(b, Mp4BoxTypes.Mp4a, f.ChannelCount, 16, f.SampleRate);
        Esds(b, f.Version == 1 ? OtiMpeg1Audio : OtiMpeg2Audio, StreamTypeAudio, default);
        b.End(start);
        entry = new Fmp4SampleEntry([], 0, 0, f.SampleRate, f.ChannelCount, f.Layer == 3 ? "mp4a.40.34" : "mp4a.6b");
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>ac-3 + dac3 (ETSI TS 102 366 §F.3-F.4), the fields copied from a syncframe's BSI.</summary>
    private static Fmp4TrackStatus Ac3(Mp4BoxBuilder b, ReadOnlySpan<byte> frame, out Fmp4SampleEntry entry)
    {
        entry = default;
        if (!TryParseCodec<Ac3FrameHeader>(frame, Ac3FrameHeader.TryParse, out var f) || f.Enhanced)
        {
            return Fmp4TrackStatus.NeedsSample;
        }

        var start = BeginAudio(b, Mp4BoxTypes.Ac3, f.ChannelCount, 16, f.SampleRate);
        var dac3 = b.Begin(Mp4BoxTypes.Dac3);
        b.U24((f.Fscod << 22) | (f.Bsid << 17) | (f.Bsmod << 14) | (f.Acmod << 11) | ((f.Lfe ? 1 : 0) << 10) | ((f.FrameSizeCode >> 1) << 5));
        b.End(dac3);
        b.End(start);
        entry = new Fmp4SampleEntry([], 0, 0, f.SampleRate, f.ChannelCount, "ac-3");
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>G.711 as the QuickTime 'ulaw'/'alaw' entries, which ffmpeg and most players read from ISOBMFF.</summary>
    private static Fmp4TrackStatus G711(Mp4BoxBuilder b, G711Codec c, out Fmp4SampleEntry entry)
    {
        var type = c.MuLaw ? Mp4BoxTypes.Ulaw : Mp4BoxTypes.Alaw;
        var start = BeginAudio(b, type, c.ChannelCount, 16, c.SampleRate);
        b.End(start);
        entry = new Fmp4SampleEntry([], 0, 0, c.SampleRate, c.ChannelCount, c.MuLaw ? "ulaw" : "alaw");
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>
    /// Big-endian LPCM as 'twos' (16-bit signed), 'in24' (24-bit) or 'raw ' (8-bit unsigned, RTP L8). ISO/IEC 23003-5
    /// 'ipcm' would be the standard entry but ffmpeg before 6.1 cannot read it.
    /// </summary>
    private static Fmp4TrackStatus Lpcm(Mp4BoxBuilder b, LpcmCodec c, out Fmp4SampleEntry entry)
    {
        entry = default;
        uint? type = c.BitDepth switch { 8 => RawType, 16 => Mp4BoxTypes.Twos, 24 => Mp4BoxTypes.In24, _ => null };
        if (type is not { } t || c.ChannelCount <= 0 || c.SampleRate <= 0)
        {
            return Fmp4TrackStatus.Unsupported;
        }

        var start = BeginAudio(b, t, c.ChannelCount, c.BitDepth, c.SampleRate);
        b.End(start);
        entry = new Fmp4SampleEntry([], 0, 0, c.SampleRate, c.ChannelCount, Mp4BoxTypes.ToText(t).TrimEnd());
        return Fmp4TrackStatus.Ready;
    }
}
