using System.Buffers.Binary;
using MediaBroker.Formats.Amf;
using MediaBroker.Formats.Flv;
using MediaBroker.Media;
using Microsoft.Win32.SafeHandles;

namespace MediaBroker.Streams.Files;

/// <summary>
/// An FLV file (E.2 of the FLV spec: a 9-byte header, then tags each followed by its size), read tag by tag into the
/// FLV demuxer that RTMP publishes also go through.
/// </summary>
internal sealed class FlvFileUnitReader : IFileUnitReader
{
    private const int TagHeaderLength = 11;

    /// <summary>FLV tags carry at most 2^24 bytes; a larger one means the file is damaged.</summary>
    private const int MaxTagSize = 1 << 24;

    /// <summary>Without tracks after this many tags, the file holds nothing we can play.</summary>
    private const int ProbeTags = 4096;

    private readonly SafeFileHandle _file;
    private readonly FlvDemuxer _demuxer = new();
    private readonly List<Unit> _decoded = [];
    private readonly string _name;
    private readonly long _length;
    private readonly long _start;
    private long _offset;
    private long _position;
    private int _taken;
    private bool _returned;

    public FlvFileUnitReader(string file)
    {
        _name = file;
        _file = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            _length = RandomAccess.GetLength(_file);
            Span<byte> header = stackalloc byte[9];
            if (RandomAccess.Read(_file, header, 0) != 9 || !header[..3].SequenceEqual("FLV"u8))
            {
                throw new InvalidDataException($"{file} is not an FLV file (no FLV signature)");
            }

            _offset = _start = _position = BinaryPrimitives.ReadUInt32BigEndian(header[5..]) + 4; // data offset, then PreviousTagSize0
            for (var tags = 0; !_demuxer.TracksReady; tags++)
            {
                if (tags > ProbeTags || !ReadTag())
                {
                    throw new InvalidDataException($"{file}: no audio or video track MediaBroker can carry was found");
                }
            }

            Tracks = _demuxer.Tracks!;
        }
        catch (FlvProtocolException ex)
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
        while (_taken == _decoded.Count)
        {
            _decoded.Clear();
            _taken = 0;
            _position = _offset;
            try
            {
                if (!ReadTag())
                {
                    return null;
                }
            }
            catch (FlvProtocolException ex)
            {
                throw new InvalidDataException($"{_name}: {ex.Message}", ex);
            }
        }

        _returned = true;
        return _decoded[_taken++];
    }

    /// <summary>The offset of the tag that held the unit returned last.</summary>
    public long Position => _position;

    public void Seek(long position)
    {
        if (!_returned && position <= _start)
        {
            return; // the units of the tags read to find the tracks are still to come
        }

        _decoded.Clear();
        _taken = 0;
        _offset = _position = Math.Clamp(position, _start, _length);
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Reads one tag into the demuxer; false at the end of the file (a cut-off last tag counts as the end).</summary>
    private bool ReadTag()
    {
        Span<byte> h = stackalloc byte[TagHeaderLength];
        if (_offset + TagHeaderLength > _length || RandomAccess.Read(_file, h, _offset) != TagHeaderLength)
        {
            return false;
        }

        var type = (FlvTagType)(h[0] & 0x1F);
        var size = (h[1] << 16) | (h[2] << 8) | h[3];
        var timestamp = (uint)((h[7] << 24) | (h[4] << 16) | (h[5] << 8) | h[6]);
        if (size >= MaxTagSize || _offset + TagHeaderLength + size > _length)
        {
            return false;
        }

        var body = new byte[size];
        if (RandomAccess.Read(_file, body, _offset + TagHeaderLength) != size)
        {
            return false;
        }

        _offset += TagHeaderLength + size + 4;
        if (type == FlvTagType.Script)
        {
            ApplyMetadata(body);
        }
        else
        {
            _demuxer.Push(type, timestamp, body, _decoded);
        }

        return true;
    }

    private void ApplyMetadata(byte[] body)
    {
        List<object?> values;
        try
        {
            values = Amf0Reader.ReadAll(body);
        }
        catch (AmfProtocolException)
        {
            return; // metadata is only a hint; the demuxer probes the tracks without it
        }

        var at = values.Count > 0 && values[0] is "@setDataFrame" ? 1 : 0;
        if (values.Count > at + 1 && values[at] is "onMetaData" && values[at + 1] is AmfObject metadata)
        {
            _demuxer.SetMetadata(metadata);
        }
    }
}
