using MediaBroker.Codecs;
using MediaBroker.Codecs.Aac;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Streams.Audio;

/// <summary>
/// Frames the first audio track of one kind as a self-delimiting elementary stream, once per stream, for every
/// audio-only reader (<c>/&lt;path&gt;.aac</c>, <c>/&lt;path&gt;.mp3</c>). Audio frames are all random access points,
/// so a reader starts with the next unit and nothing is cached.
/// </summary>
public sealed class AudioFrameEncoder : IStreamEncoder
{
    private readonly MediaStream _stream;
    private readonly AudioSpecificConfig _adts;

    public AudioFrameEncoder(MediaStream stream, AudioFrameFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        Format = format;
        foreach (var t in stream.Tracks)
        {
            if (CanFrame(t, format))
            {
                Track = t;
                if (t.Codec is Mpeg4AudioCodec aac)
                {
                    TryGetAdtsConfig(aac, out _adts);
                }

                break;
            }
        }
    }

    /// <summary>Whether <paramref name="track"/> can be written in <paramref name="format"/> (ADTS needs an AAC config it can signal).</summary>
    public static bool CanFrame(Track track, AudioFrameFormat format)
    {
        ArgumentNullException.ThrowIfNull(track);
        return format switch
        {
            AudioFrameFormat.MpegAudio => track.Codec is Mpeg12AudioCodec,
            _ => track.Codec is Mpeg4AudioCodec aac && TryGetAdtsConfig(aac, out _),
        };
    }

    public AudioFrameFormat Format { get; }

    /// <summary>The track framed, or null when the stream has none this format can carry (readers are refused).</summary>
    public Track? Track { get; }

    public Fanout<AudioFrame> Frames { get; } = new();

    /// <param name="batch">Merged writes, for a writer that sends everything queued in one send (see <see cref="ReaderQueueOptions.Batch"/>).</param>
    public ReaderQueue<AudioFrame> Subscribe(string readerName, ReaderBatch batch = default) =>
        Frames.Subscribe(_stream.ReaderOptions(readerName) with { HasVideo = false, Batch = batch });

    public void Unsubscribe(ReaderQueue<AudioFrame> queue) => Frames.Unsubscribe(queue);

    public void Write(Unit unit)
    {
        if (unit.Track != Track || !Frames.HasSubscribers)
        {
            return;
        }

        var size = 0;
        foreach (var p in unit.Payloads)
        {
            size += p.Length + (Format == AudioFrameFormat.Adts ? AdtsHeader.MinLength : 0);
        }

        if (size == 0)
        {
            return;
        }

        // The frame outlives this call in every reader's queue: its own array, once per unit.
        var data = GC.AllocateUninitializedArray<byte>(size);
        var pos = 0;
        foreach (var p in unit.Payloads)
        {
            if (Format == AudioFrameFormat.Adts)
            {
                if (p.Length + AdtsHeader.MinLength > 0x1FFF)
                {
                    return; // larger than ADTS can frame: not a real AAC access unit
                }

                AdtsHeader.Write(data.AsSpan(pos), _adts, p.Length);
                pos += AdtsHeader.MinLength;
            }

            p.Span.CopyTo(data.AsSpan(pos));
            pos += p.Length;
        }

        Frames.Publish(new AudioFrame(data));
    }

    public void Complete() => Frames.Complete();

    private static bool TryGetAdtsConfig(Mpeg4AudioCodec codec, out AudioSpecificConfig config)
    {
        config = default;
        try
        {
            return AudioSpecificConfig.TryParse(codec.Config, out config) && AdtsHeader.CanWrite(config);
        }
        catch (CodecProtocolException)
        {
            return false;
        }
    }
}
