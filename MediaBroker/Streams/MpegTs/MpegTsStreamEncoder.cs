using System.Buffers;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Formats.MpegTs;

namespace MediaBroker.Streams.MpegTs;

/// <summary>
/// Muxes a <see cref="MediaStream"/> into MPEG-TS once and shares the packets with every MPEG-TS reader
/// (SRT, UDP, recorders of .ts). Obtain it with
/// <c>stream.GetOrAddEncoder(new MpegTsEncoderKey())</c>, then
/// <see cref="Subscribe"/>. Readers start at a video key frame (the GOP cache gives the latest one at once),
/// whose chunk begins with PAT/PMT.
/// </summary>
public sealed class MpegTsStreamEncoder : IStreamEncoder
{
    /// <summary>Chunks kept for late joiners (a chunk per unit: about ten seconds of video plus audio).</summary>
    private const int GopCacheLimit = 1024;

    private readonly MediaStream _stream;
    private readonly MpegTsMuxer _muxer;
    private readonly ArrayBufferWriter<byte> _scratch = new(64 * 1024);

    /// <summary>The stream's units as a reader sees them: first the group of pictures the stream caches, then
    /// every unit published. Without it the encoder, created lazily by its first reader, would start at the next
    /// unit, and that reader would get audio alone until the next video key frame (a whole GOP: seconds with
    /// some encoders), while readers of the other protocols start at once from the cached key frame.</summary>
    private readonly ReaderQueue<Unit> _units;

    public MpegTsStreamEncoder(MediaStream stream)
    {
        _stream = stream;
        _muxer = new MpegTsMuxer(stream.Tracks, stream.Logger);
        var carriesVideo = false;
        foreach (var t in _muxer.Tracks)
        {
            carriesVideo |= t.Kind == Codecs.MediaKind.Video;
        }

        Chunks = new Fanout<TsChunk>(carriesVideo ? GopCacheLimit : 0);
        _units = stream.Units.Subscribe(stream.ReaderOptions("mpegtsEncoder"));
    }

    /// <summary>The tracks carried in the transport stream (the others are skipped).</summary>
    public IReadOnlyList<Track> Tracks => _muxer.Tracks;

    public Fanout<TsChunk> Chunks { get; }

    /// <param name="batch">Merged writes, for a writer that sends everything queued in one send (see <see cref="ReaderQueueOptions.Batch"/>).</param>
    public ReaderQueue<TsChunk> Subscribe(string readerName, ReaderBatch batch = default) =>
        Chunks.Subscribe(_stream.ReaderOptions(readerName) with { Batch = batch });

    public void Unsubscribe(ReaderQueue<TsChunk> queue) => Chunks.Unsubscribe(queue);

    /// <summary>Muxes what the stream published since the last call (publisher's task only): the stream publishes
    /// <paramref name="unit"/> to its units before calling the encoders, so it is among them.</summary>
    public void Write(Unit unit)
    {
        // Only the publisher's task muxes: the constructor (a reader's task) merely subscribes.
        while (_units.Reader.TryRead(out var next))
        {
            Mux(next);
        }
    }

    public void Complete()
    {
        _stream.Units.Unsubscribe(_units);
        Chunks.Complete();
    }

    private void Mux(Unit unit)
    {
        _scratch.ResetWrittenCount();
        if (!_muxer.WriteUnit(unit, _scratch))
        {
            return;
        }

        // The chunk outlives this call in every reader's queue: it gets its own array, once per unit.
        var data = GC.AllocateUninitializedArray<byte>(_scratch.WrittenCount);
        _scratch.WrittenSpan.CopyTo(data);
        Chunks.Publish(new TsChunk(data, unit.IsVideo, unit.IsKeyFrame));
    }
}
