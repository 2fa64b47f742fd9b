using System.Buffers;
using MediaBroker.Codecs;
using MediaBroker.Conf;
using MediaBroker.Media;
using MediaBroker.Streams.Segments;

namespace MediaBroker.Streams.Files;

/// <summary>
/// An MP4 file cut into seekable segments (HLS VOD): the cuts are the key frames of its primary track (video when
/// there is one) at least the segment duration apart, found in the sample tables alone; a segment is made on request
/// from that stretch of samples, as MPEG-TS, without reading the rest of the file.
/// </summary>
public sealed class FileVod : IDisposable
{
    private readonly Mp4FileUnitReader _reader;
    private readonly Track[] _segmenterTracks;
    private readonly double[] _starts;

    private FileVod(Mp4FileUnitReader reader, double[] starts, double end)
    {
        _reader = reader;
        _starts = starts;
        End = end;

        // The segmenter cuts and times segments on its first track: the primary one.
        var primary = Primary(reader);
        _segmenterTracks = [reader.Tracks[primary], .. reader.Tracks.Where((_, i) => i != primary)];
    }

    /// <summary>Number of segments.</summary>
    public int Count => _starts.Length;

    /// <summary>End of the primary track in seconds (file time).</summary>
    public double End { get; }

    /// <summary>
    /// Indexes <paramref name="file"/>. Throws <see cref="InvalidDataException"/> when it is not an MP4/MOV file, is not
    /// usable media, or has no key frame.
    /// </summary>
    public static FileVod Open(string file, TimeSpan segmentDuration)
    {
        if (FileSourceUrl.ContainerOf(file) != FileContainer.Mp4)
        {
            throw new InvalidDataException($"{Path.GetFileName(file)} is not an MP4/MOV file: only those can be served for seeking");
        }

        var reader = new Mp4FileUnitReader(file);
        try
        {
            var primary = reader.Descriptions[Primary(reader)];
            var target = segmentDuration.TotalSeconds;
            var starts = new List<double>();
            foreach (var s in primary.Samples)
            {
                var seconds = (double)s.Dts / primary.Timescale;
                var key = s.IsSync || primary.HandlerType != 0x76696465; // "vide": other tracks have no dependent samples
                if (key && (starts.Count == 0 || seconds - starts[^1] >= target))
                {
                    starts.Add(seconds);
                }
            }

            if (starts.Count == 0)
            {
                throw new InvalidDataException($"{file} has no key frame to start a segment at");
            }

            var last = primary.Samples[^1];
            return new FileVod(reader, [.. starts], (double)(last.Dts + last.Duration) / primary.Timescale);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Where segment <paramref name="n"/> starts, in seconds of file time.</summary>
    public double Start(int n) => _starts[n];

    /// <summary>How long segment <paramref name="n"/> lasts, in seconds.</summary>
    public double Duration(int n) => (n + 1 < _starts.Length ? _starts[n + 1] : End) - _starts[n];

    /// <summary>Segment <paramref name="n"/> as MPEG-TS: every track's samples from its start to the next one's.</summary>
    public byte[] WriteSegment(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(n, _starts.Length);
        var sink = new CollectingSink();
        var segmenter = new UnitSegmenter(_segmenterTracks, new SegmenterOptions
        {
            Format = SegmentFormat.MpegTs,
            SegmentDuration = TimeSpan.FromDays(1), // one segment: the cut is ours
            PartDuration = TimeSpan.FromDays(1),
        }, sink);
        var end = n + 1 < _starts.Length ? _starts[n + 1] : double.MaxValue;
        _reader.Seek(_starts[n]);
        while (_reader.PeekSeconds() is { } next && next < end - 1e-9)
        {
            segmenter.WriteUnit(_reader.Next()!);
        }

        segmenter.Finish();
        return sink.Bytes.WrittenSpan.ToArray();
    }

    public void Dispose() => _reader.Dispose();

    private static int Primary(Mp4FileUnitReader reader)
    {
        for (var i = 0; i < reader.Tracks.Count; i++)
        {
            if (reader.Tracks[i].Kind == MediaKind.Video)
            {
                return i;
            }
        }

        return 0;
    }

    private sealed class CollectingSink : ISegmentSink
    {
        public ArrayBufferWriter<byte> Bytes { get; } = new();

        public void SegmentStarted(long dts, DateTime ntp)
        {
        }

        public void PartWritten(ReadOnlySpan<byte> data, double duration, bool independent) => Bytes.Write(data);

        public void SegmentEnded(double duration)
        {
        }
    }
}
