using MediaBroker.Codecs;

namespace MediaBroker.Streams.Offline;

/// <summary>
/// Silence for an audio track of the offline media, made without an encoder: the same frame again and again, with
/// advancing times. AAC frames are ones ffmpeg's encoder makes for silence (they do not depend on the sample rate);
/// see Clips/README.md.
/// </summary>
internal sealed class SilenceTrack : IOfflineTrack
{
    private readonly ReadOnlyMemory<byte>[] _payload;
    private readonly long _frameTicks;
    private long _dts;

    private SilenceTrack(Codec codec, byte[] frame, long frameTicks)
    {
        Codec = codec;
        _payload = [frame];
        _frameTicks = frameTicks;
    }

    public Codec Codec { get; }

    /// <summary>Silence for <paramref name="codec"/> (MPEG-4 Audio, Opus, G711 or LPCM).</summary>
    public static SilenceTrack Create(Codec codec) => codec switch
    {
        // 1024 samples per AAC-LC frame.
        Mpeg4AudioCodec aac => new SilenceTrack(aac, AacSilentFrame(aac.ChannelCount), 1024),

        // 20 ms of CELT full-band silence: TOC (config 31, mono or stereo, one frame) then an empty frame.
        OpusCodec opus => new SilenceTrack(opus, [opus.ChannelCount == 1 ? (byte)0xF8 : (byte)0xFC, 0xFF, 0xFE], 960),

        // 20 ms frames; 0xFF and 0xD5 are the codes of zero amplitude in mu-law and A-law.
        G711Codec g => new SilenceTrack(g, Filled(g.SampleRate / 50 * g.ChannelCount, g.MuLaw ? (byte)0xFF : (byte)0xD5), g.SampleRate / 50),
        LpcmCodec l => new SilenceTrack(l, new byte[l.SampleRate / 50 * l.ChannelCount * (l.BitDepth / 8)], l.SampleRate / 50),
        _ => throw new InvalidDataException($"no silence for {codec.Name}"),
    };

    public void Restart() => _dts = 0;

    public OfflineSample Next()
    {
        var sample = new OfflineSample(_dts, 0, true, _payload);
        _dts += _frameTicks;
        return sample;
    }

    public void Dispose()
    {
    }

    /// <summary>A raw AAC-LC frame of silence for a channel configuration (1-6 channels, or 8 for 7.1).</summary>
    private static byte[] AacSilentFrame(int channels) => channels switch
    {
        1 => [0x01, 0x18, 0x20, 0x07],
        2 => [0x21, 0x10, 0x04, 0x60, 0x8C, 0x1C],
        3 => [0x01, 0x18, 0x20, 0x01, 0x08, 0x80, 0x23, 0x04, 0x60, 0xE0],
        4 => [0x01, 0x18, 0x20, 0x01, 0x08, 0x80, 0x23, 0x04, 0x60, 0x03, 0x18, 0x20, 0x07],
        5 => [0x01, 0x18, 0x20, 0x01, 0x08, 0x80, 0x23, 0x04, 0x60, 0x23, 0x10, 0x04, 0x60, 0x8C, 0x1C],
        6 => [0x01, 0x18, 0x20, 0x01, 0x08, 0x80, 0x23, 0x04, 0x60, 0x23, 0x10, 0x04, 0x60, 0x8C, 0x0C, 0x23, 0x00, 0x00, 0xE0],
        8 => [0x01, 0x18, 0x20, 0x01, 0x08, 0x80, 0x23, 0x04, 0x60, 0x23, 0x10, 0x04, 0x60, 0x8C, 0x04, 0xA2, 0x00, 0x8C, 0x11, 0x81, 0x84, 0x60, 0x00, 0x1C],
        _ => throw new InvalidDataException($"MPEG-4 Audio has no channel configuration for {channels} channels"),
    };

    private static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }
}
