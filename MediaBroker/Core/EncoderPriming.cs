using MediaBroker.Media;

namespace MediaBroker.Core;

/// <summary>
/// Starts a shared encoder that a reader creates while the stream runs from the stream's cached group of pictures,
/// so its first reader gets the last key frame at once, as later readers get it from the encoder's own cache,
/// instead of audio alone until the next key frame. The encoder subscribes to the stream's units in its constructor
/// (<see cref="Start"/>) and keeps the subscription until its first <see cref="IStreamEncoder.Write"/>
/// (<see cref="Finish"/>): by then the stream calls it for every unit, and whatever was published in between is
/// in the subscription, so nothing is lost and nothing is encoded twice.
/// </summary>
public sealed class EncoderPriming
{
    /// <summary>Units the subscription holds between creation and the first write: far more than a GOP cache.</summary>
    private const int Capacity = 2048;

    private readonly MediaStream _stream;
    private readonly ReaderQueue<Unit> _queue;
    private readonly HashSet<Unit> _encoded = new(ReferenceEqualityComparer.Instance);

    private EncoderPriming(MediaStream stream, ReaderQueue<Unit> queue)
    {
        _stream = stream;
        _queue = queue;
    }

    /// <summary>
    /// Hands the stream's cached group of pictures to <paramref name="encode"/> (the encoder's constructor, on the
    /// creating reader's task, before the stream calls the encoder). Null when there is nothing to prime: a stream
    /// without video keeps no cache, and a closed one gets no more units.
    /// </summary>
    public static EncoderPriming? Start(MediaStream stream, string readerName, Action<Unit> encode)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(encode);
        if (!stream.HasVideo || stream.IsClosed)
        {
            return null;
        }

        var priming = new EncoderPriming(stream, stream.Units.Subscribe(stream.ReaderOptions(readerName) with { Capacity = Capacity }));
        priming.EncodeQueued(encode);
        return priming;
    }

    /// <summary>
    /// The encoder's first write (publisher's task): hands what was published since <see cref="Start"/> to
    /// <paramref name="encode"/>, each unit once, and ends the subscription. Returns whether <paramref name="unit"/> was
    /// among the units encoded; if not, the encoder encodes it itself.
    /// </summary>
    public bool Finish(Unit unit, Action<Unit> encode)
    {
        EncodeQueued(encode);
        _stream.Units.Unsubscribe(_queue);
        return _encoded.Contains(unit);
    }

    private void EncodeQueued(Action<Unit> encode)
    {
        while (_queue.Reader.TryRead(out var unit))
        {
            // Remembered for Finish: the unit the first write carries may have been drained here already, by the
            // creating reader's task, when the stream published it while the encoder was being registered.
            _encoded.Add(unit);
            encode(unit);
        }
    }
}
