using MediaBroker.Codecs;
using MediaBroker.Media;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Everything the init segment says about one track, fixed when the track is created: its fMP4 track id and
/// timescale, picture size or audio format, and the complete sample entry (ISO/IEC 14496-12 §8.5.2) with its
/// codec configuration box. A codec parameter change means a new <see cref="Fmp4TrackInfo"/> and a new init segment.
/// </summary>
public sealed class Fmp4TrackInfo
{
    private readonly byte[] _sampleEntry;

    private Fmp4TrackInfo(int trackId, Codec codec, int timescale, Fmp4SampleEntry entry)
    {
        TrackId = trackId;
        Codec = codec;
        Timescale = timescale;
        SourceClockRate = codec.ClockRate;
        Width = entry.Width;
        Height = entry.Height;
        SampleRate = entry.SampleRate;
        ChannelCount = entry.ChannelCount;
        CodecsString = entry.CodecsString;
        _sampleEntry = entry.Bytes;
    }

    /// <summary>The tkhd/tfhd track_ID, from 1.</summary>
    public int TrackId { get; }

    public Codec Codec { get; }

    public bool IsVideo => Codec.Kind == MediaKind.Video;

    /// <summary>mdhd timescale: 90000 for video, the sample rate for audio (48000 for Opus).</summary>
    public int Timescale { get; }

    /// <summary>Clock of the units' Pts/Dts (<see cref="Codec.ClockRate"/>); converted to <see cref="Timescale"/> by the sample builder.</summary>
    public int SourceClockRate { get; }

    public int Width { get; }

    public int Height { get; }

    public int SampleRate { get; }

    public int ChannelCount { get; }

    /// <summary>The RFC 6381 codec string for an HLS CODECS attribute ("avc1.64001f", "mp4a.40.2", "hvc1.1.6.L93.B0", ...).</summary>
    public string CodecsString { get; }

    internal ReadOnlySpan<byte> SampleEntry => _sampleEntry;

    /// <summary>
    /// Describes a track for fMP4. Codecs whose parameters live in the bitstream (VP9, MP3, AC-3, MPEG-1/2 video, M-JPEG)
    /// need <paramref name="sample"/>: a key frame or an audio frame of that track; others ignore it.
    /// </summary>
    public static Fmp4TrackStatus TryCreate(int trackId, Codec codec, ReadOnlySpan<byte> sample, out Fmp4TrackInfo? info)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trackId, 1);
        info = null;
        var status = Fmp4SampleEntries.TryBuild(codec, sample, out var entry);
        if (status != Fmp4TrackStatus.Ready)
        {
            return status;
        }

        var timescale = codec switch
        {
            Mpeg12AudioCodec => entry.SampleRate,
            _ => codec.ClockRate,
        };
        info = new Fmp4TrackInfo(trackId, codec, timescale, entry);
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>Same as the span overload, reading the sample from a unit's first payload.</summary>
    public static Fmp4TrackStatus TryCreate(int trackId, Codec codec, Unit? sample, out Fmp4TrackInfo? info) =>
        TryCreate(trackId, codec, sample is { Payloads.Length: > 0 } u ? u.Payloads[0].Span : default, out info);

    public override string ToString() => $"{TrackId}:{Codec.Name}@{Timescale}";
}

/// <summary>A built sample entry box and the facts read while building it.</summary>
internal readonly record struct Fmp4SampleEntry(byte[] Bytes, int Width, int Height, int SampleRate, int ChannelCount, string CodecsString);
