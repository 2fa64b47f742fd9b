using MediaBroker.Formats.MpegTs;
using MediaBroker.Media;
using Microsoft.Win32.SafeHandles;

namespace MediaBroker.Streams.Files;

/// <summary>
/// An MPEG-TS file, fed to the demuxer 64 KiB at a time; the units it delivers wait in a small queue until asked for.
/// </summary>
internal sealed class MpegTsFileUnitReader : IFileUnitReader
{
    /// <summary>Without a playable program within this many bytes, the file is not one we can play.</summary>
    private const long ProbeLimit = 16 * 1024 * 1024;

    private readonly SafeFileHandle _file;
    private readonly MpegTsDemuxer _demuxer;
    /// <summary>Units the demuxer delivered, each with the offset of the chunk whose push delivered it.</summary>
    private readonly Queue<(Unit Unit, long Chunk)> _units = new();
    private readonly byte[] _buffer = new byte[188 * 348];
    private readonly string _name;
    private long _offset;
    private long _chunk;
    private long _position;
    private bool _ended;
    private bool _returned;

    public MpegTsFileUnitReader(string file)
    {
        _name = file;
        _file = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _demuxer = new MpegTsDemuxer(_ => { }, u => _units.Enqueue((u, _chunk)));
        try
        {
            while (_demuxer.Tracks is null && !_ended && _offset < ProbeLimit)
            {
                ReadMore();
            }

            if (_demuxer.Tracks is not { Count: > 0 } tracks)
            {
                throw new InvalidDataException(_demuxer.PacketsReceived == 0
                    ? $"{file} is not an MPEG-TS file (no 188-byte packets with sync bytes found)"
                    : $"{file}: no stream with a codec MediaBroker can carry was found in the MPEG-TS program");
            }

            Tracks = tracks;
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public IReadOnlyList<Track> Tracks { get; }

    public Unit? Next()
    {
        while (_units.Count == 0 && !_ended)
        {
            ReadMore();
        }

        if (!_units.TryDequeue(out var next))
        {
            return null;
        }

        _returned = true;
        _position = next.Chunk;
        return next.Unit;
    }

    /// <summary>
    /// The start of the 64 KiB chunk whose push delivered the unit returned last. A PES is delivered once complete, when
    /// the next one of its stream starts at the latest, so every later PES of that stream starts at or after this offset;
    /// a partial PES read after a seek is dropped by the demuxer as a continuity error.
    /// </summary>
    public long Position => _position;

    public void Seek(long position)
    {
        if (!_returned && position == 0)
        {
            return; // the units of the packets read to find the tracks are still to come
        }

        // The demuxer keeps its tables (PAT/PMT, codec parameters): the file is read from its start to find them.
        _units.Clear();
        _offset = _position = Math.Max(0, position - (position % 188));
        _ended = false;
    }

    public void Dispose() => _file.Dispose();

    private void ReadMore()
    {
        var n = RandomAccess.Read(_file, _buffer, _offset);
        if (n == 0)
        {
            _ended = true;
            _demuxer.Flush();
            return;
        }

        _chunk = _offset;
        _offset += n;
        try
        {
            _demuxer.Push(_buffer.AsSpan(0, n));
        }
        catch (MpegTsProtocolException ex)
        {
            throw new InvalidDataException($"{_name}: {ex.Message}", ex);
        }
    }
}
