using System.Buffers;
using System.Text;
using MediaBroker.Codecs;
using MediaBroker.Formats.Matroska;
using MediaBroker.Media;
using Microsoft.Win32.SafeHandles;
using Ids = MediaBroker.Formats.Matroska.MatroskaIds;

namespace MediaBroker.Streams.Files;

/// <summary>
/// A Matroska or WebM file, walked element by element with positioned reads: Info and Tracks are read whole, Clusters
/// are stepped into (known or unknown size alike) and each block is read on its own. Matroska stores presentation times
/// only: video decode times come from <see cref="MatroskaDecodeTimes"/>, and units leave in file order once known.
/// </summary>
internal sealed class MatroskaFileUnitReader : IFileUnitReader
{
    /// <summary>Info, Tracks and single blocks larger than this are refused rather than read.</summary>
    private const long MaxElement = 64 * 1024 * 1024;

    /// <summary>A SeekHead is a few entries; a larger one is not read.</summary>
    private const long MaxSeekHead = 64 * 1024;

    private readonly SafeFileHandle _file;
    private readonly string _name;
    private readonly long _end;
    private readonly Dictionary<int, Track> _byNumber = [];
    private readonly Queue<MatroskaDecodeTimes.Slot> _pending = new();
    private readonly MatroskaDecodeTimes?[] _decodeTimes;
    private bool _ended;
    private long _timestampScale = 1_000_000;
    private long _offset;
    private long _clusterTime;
    private long _cluster;
    private long _firstCluster;
    private long _position;
    private bool _returned;
    private long _segmentData;
    private double? _duration;
    private long? _cues;

    public MatroskaFileUnitReader(string file)
    {
        _name = file;
        _file = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            var length = RandomAccess.GetLength(_file);
            var ebml = ReadHeader(0, length) ?? throw new InvalidDataException($"{file} is empty");
            if (ebml.Id != Ids.Ebml || ebml.IsUnknownSize)
            {
                throw new InvalidDataException($"{file} is not a Matroska or WebM file (no EBML header)");
            }

            var docType = DocType(ReadPayload(0, ebml));
            if (docType is not ("matroska" or "webm"))
            {
                throw new InvalidDataException($"{file} is an EBML file of type '{docType}', not Matroska or WebM");
            }

            _offset = ebml.HeaderLength + ebml.Size;
            var segment = ReadHeader(_offset, length) is { Id: Ids.Segment } s ? s : throw new InvalidDataException($"{file}: no Segment after the EBML header");
            _end = segment.IsUnknownSize ? length : Math.Min(length, _offset + segment.HeaderLength + segment.Size);
            _offset += segment.HeaderLength;
            _segmentData = _offset;
            Tracks = ReadUntilFirstCluster();
            _cluster = _firstCluster = _position = _offset;
            _decodeTimes = [.. Tracks.Select(t => t.Kind == MediaKind.Video ? new MatroskaDecodeTimes(t) : null)];
        }
        catch (MatroskaProtocolException ex)
        {
            _file.Dispose();
            throw new InvalidDataException($"{file}: {ex.Message}", ex);
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
        try
        {
            // The first unit in file order may be a video frame still waiting for its decode time.
            while ((_pending.Count == 0 || _pending.Peek().Unit is null) && !_ended)
            {
                if (!Step())
                {
                    _ended = true;
                    foreach (var d in _decodeTimes)
                    {
                        d?.Flush();
                    }
                }
            }
        }
        catch (MatroskaProtocolException ex)
        {
            throw new InvalidDataException($"{_name}: {ex.Message}", ex);
        }

        if (!_pending.TryDequeue(out var slot))
        {
            return null;
        }

        _returned = true;
        _position = slot.Position;
        return slot.Unit;
    }

    /// <summary>
    /// The key frames the file's Cues list for <paramref name="track"/> (presentation time in the track's clock, the
    /// offset of their Cluster), in time order, and the end of the file's media in seconds (Info's Duration); null when
    /// the file has no Cues, none for that track, or no Duration.
    /// </summary>
    public (List<(long Pts, long Position)> Keys, double End)? ReadCues(Track track)
    {
        var number = _byNumber.FirstOrDefault(e => e.Value == track).Key;
        if (_cues is not { } at || _duration is not { } duration || number == 0 || ReadHeader(at, _end) is not { Id: Ids.Cues, IsUnknownSize: false } h)
        {
            return null;
        }

        try
        {
            var keys = new List<(long Pts, long Position)>();
            foreach (var cue in MatroskaCues.Read(ReadPayload(at, h)))
            {
                var position = _segmentData + cue.ClusterPosition;
                if (cue.Track == number && position >= _firstCluster && position < _end)
                {
                    keys.Add(((long)Math.Round((double)cue.Time * _timestampScale * track.ClockRate / 1e9), position));
                }
            }

            keys.Sort((a, b) => a.Pts.CompareTo(b.Pts));
            return keys.Count == 0 ? null : (keys, duration * _timestampScale / 1e9);
        }
        catch (MatroskaProtocolException)
        {
            return null; // damaged Cues: the caller reads the file instead
        }
    }

    /// <summary>The offset of the Cluster that held the unit returned last.</summary>
    public long Position => _position;

    public void Seek(long position)
    {
        if (!_returned && position <= _firstCluster)
        {
            return;
        }

        // Decode times are derived afresh from the frames after the seek, as they were at the file's start.
        _pending.Clear();
        for (var i = 0; i < _decodeTimes.Length; i++)
        {
            _decodeTimes[i] = _decodeTimes[i] is null ? null : new MatroskaDecodeTimes(Tracks[i]);
        }

        _offset = _cluster = _position = Math.Clamp(position, _firstCluster, _end);
        _clusterTime = 0;
        _ended = false;
    }

    public void Dispose() => _file.Dispose();

    private static string DocType(byte[] ebmlPayload)
    {
        foreach (var e in new EbmlElements(ebmlPayload))
        {
            if (e.Id == Ids.DocType)
            {
                return Encoding.ASCII.GetString(e.Payload).TrimEnd('\0');
            }
        }

        return "";
    }

    private List<Track> ReadUntilFirstCluster()
    {
        List<MatroskaTrack>? entries = null;
        while (ReadHeader(_offset, _end) is { } h && h.Id != Ids.Cluster)
        {
            if (h.IsUnknownSize)
            {
                throw new MatroskaProtocolException($"element 0x{h.Id:X} of unknown size before the first Cluster");
            }

            if (h.Id == Ids.Info)
            {
                foreach (var e in new EbmlElements(ReadPayload(_offset, h)))
                {
                    if (e.Id == Ids.TimestampScale)
                    {
                        _timestampScale = (long)Math.Clamp(EbmlHeader.ReadUInt(e.Payload), 1, 1_000_000_000);
                    }
                    else if (e.Id == Ids.Duration)
                    {
                        _duration = EbmlHeader.ReadFloat(e.Payload);
                    }
                }
            }
            else if (h.Id == Ids.Tracks)
            {
                entries = MatroskaTrack.ReadTracks(ReadPayload(_offset, h));
            }
            else if (h.Id == Ids.SeekHead && h.Size <= MaxSeekHead)
            {
                _cues ??= MatroskaCues.FindInSeekHead(ReadPayload(_offset, h), Ids.Cues) is { } at ? _segmentData + at : null;
            }
            else if (h.Id == Ids.Cues)
            {
                _cues = _offset;
            }

            _offset += h.HeaderLength + h.Size;
        }

        if (entries is null)
        {
            throw new InvalidDataException($"{_name}: no Tracks element before the first Cluster");
        }

        var tracks = new List<Track>();
        var refused = new List<string>();
        foreach (var t in entries)
        {
            if (t.Type is not (MatroskaTrack.VideoType or MatroskaTrack.AudioType))
            {
                continue; // subtitles, buttons: not media we carry
            }

            if (MatroskaCodecs.TryGetCodec(t) is { } codec)
            {
                var track = new Track(tracks.Count, codec);
                tracks.Add(track);
                _byNumber[t.Number] = track;
            }
            else
            {
                refused.Add(t.CodecId);
            }
        }

        if (tracks.Count == 0)
        {
            throw new InvalidDataException(refused.Count == 0
                ? $"{_name} has no audio or video track"
                : $"{_name}: no track has a codec MediaBroker can carry ({string.Join(", ", refused)})");
        }

        return tracks;
    }

    /// <summary>Handles the element at the current offset; false at the end of the segment (or a cut-off last element).</summary>
    private bool Step()
    {
        if (ReadHeader(_offset, _end) is not { } h)
        {
            return false;
        }

        var start = _offset;
        if (h.Id == Ids.Cluster)
        {
            _cluster = start;
            _offset += h.HeaderLength; // step in; its children follow, whatever its size says
            return true;
        }

        if (h.IsUnknownSize)
        {
            throw new MatroskaProtocolException($"element 0x{h.Id:X} of unknown size inside the segment");
        }

        if (start + h.HeaderLength + h.Size > _end)
        {
            return false; // the file ends inside this element
        }

        _offset += h.HeaderLength + h.Size;
        switch (h.Id)
        {
            case Ids.Timestamp:
                _clusterTime = (long)Math.Min(EbmlHeader.ReadUInt(ReadPayload(start, h)), long.MaxValue / 2);
                break;
            case Ids.SimpleBlock:
                AddBlock(MatroskaBlock.Read(ReadPayload(start, h), simple: true));
                break;
            case Ids.BlockGroup:
                AddBlockGroup(ReadPayload(start, h));
                break;
        }

        return true;
    }

    /// <summary>A BlockGroup's Block; without a ReferenceBlock it depends on no other frame, so it is a key frame.</summary>
    private void AddBlockGroup(byte[] group)
    {
        var key = true;
        foreach (var e in new EbmlElements(group))
        {
            key &= e.Id != Ids.ReferenceBlock;
        }

        var p = 0;
        while (p < group.Length)
        {
            if (EbmlHeader.TryRead(group.AsSpan(p), out var h) != OperationStatus.Done || h.IsUnknownSize || h.Size > group.Length - p - h.HeaderLength)
            {
                throw new MatroskaProtocolException("a BlockGroup child runs past the group");
            }

            if (h.Id == Ids.Block)
            {
                var b = MatroskaBlock.Read(group.AsMemory(p + h.HeaderLength, (int)h.Size), simple: false);
                AddBlock(b with { IsKeyFrame = key });
                return;
            }

            p += h.HeaderLength + (int)h.Size;
        }
    }

    private void AddBlock(MatroskaBlock block)
    {
        if (!_byNumber.TryGetValue(block.TrackNumber, out var track))
        {
            return; // a track we do not carry
        }

        var ns = (double)(_clusterTime + block.RelativeTime) * _timestampScale;
        var pts = (long)Math.Round(ns * track.ClockRate / 1e9);
        if (block.Frames.Length > 1 && track.Codec is not Mpeg4AudioCodec)
        {
            throw new MatroskaProtocolException($"laced frames of {track.Codec.Name} are not supported");
        }

        for (var i = 0; i < block.Frames.Length; i++)
        {
            var payloads = MatroskaCodecs.SplitFrame(track.Codec, block.Frames[i])
                ?? throw new MatroskaProtocolException($"a malformed {track.Codec.Name} frame");
            var time = pts + (i * 1024L); // laced AAC: 1024 samples per frame, in the sample-rate clock
            if (_decodeTimes[track.Id] is { } video)
            {
                _pending.Enqueue(video.Add(time, block.IsKeyFrame, payloads, _cluster));
                continue;
            }

            _pending.Enqueue(new MatroskaDecodeTimes.Slot
            {
                Payloads = payloads,
                Position = _cluster,
                Unit = new Unit
                {
                    Track = track,
                    Pts = time,
                    Dts = time,
                    IsRandomAccess = true,
                    Payloads = payloads,
                    NtpTime = DateTime.UtcNow,
                },
            });
        }
    }

    private EbmlHeader? ReadHeader(long offset, long end)
    {
        Span<byte> buffer = stackalloc byte[12];
        // Compared as longs: an element size near 2^56 puts offset far past end, and the int cast of a large
        // negative remainder would wrap to a positive length.
        var remaining = end - offset;
        if (offset < 0 || remaining <= 0)
        {
            return null;
        }

        var want = (int)Math.Min(buffer.Length, remaining);

        var got = RandomAccess.Read(_file, buffer[..want], offset);
        return EbmlHeader.TryRead(buffer[..got], out var h) == OperationStatus.Done ? h : null;
    }

    private byte[] ReadPayload(long offset, EbmlHeader h)
    {
        if (h.Size > MaxElement)
        {
            throw new MatroskaProtocolException($"element 0x{h.Id:X} of {h.Size} bytes is too large");
        }

        var bytes = new byte[h.Size];
        var done = 0;
        while (done < bytes.Length)
        {
            var n = RandomAccess.Read(_file, bytes.AsSpan(done), offset + h.HeaderLength + done);
            if (n == 0)
            {
                throw new MatroskaProtocolException($"the file ends inside element 0x{h.Id:X}");
            }

            done += n;
        }

        return bytes;
    }
}
