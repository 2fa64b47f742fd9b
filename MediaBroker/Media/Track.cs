using MediaBroker.Codecs;

namespace MediaBroker.Media;

/// <summary>
/// One elementary stream of a <see cref="MediaStream"/>. The codec description can change in-band
/// (a new SPS, say); the publisher swaps it and readers see the new one on their next look.
/// </summary>
public sealed class Track
{
    private Codec _codec;
    private int _version;

    public Track(int id, Codec codec)
    {
        Id = id;
        _codec = codec;
        ClockRate = codec.ClockRate;
    }

    /// <summary>Position of the track in its stream, from 0.</summary>
    public int Id { get; }

    public Codec Codec => Volatile.Read(ref _codec);

    public MediaKind Kind => Codec.Kind;

    /// <summary>Fixed for the life of the track, even if parameters change.</summary>
    public int ClockRate { get; }

    /// <summary>Incremented on every parameter change, so muxers can notice cheaply.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Replaces the codec parameters (publisher side only). Returns false when nothing changed.</summary>
    public bool UpdateCodec(Codec codec)
    {
        if (codec.GetType() != _codec.GetType())
        {
            throw new ArgumentException($"track {Id} is {_codec.Name} and cannot become {codec.Name}", nameof(codec));
        }

        if (CodecEquality.Equal(codec, _codec))
        {
            return false;
        }

        Volatile.Write(ref _codec, codec);
        Interlocked.Increment(ref _version);
        return true;
    }

    public override string ToString() => $"{Id}:{Codec.Name}";
}
