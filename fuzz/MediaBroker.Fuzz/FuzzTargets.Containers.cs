using MediaBroker.Core;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Media;
using MediaBroker.Protocols.Hls.Client;
using MediaBroker.Streams.Files;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Fuzz;

public static partial class FuzzTargets
{
    /// <summary>Units read from a file before a target stops: enough for every seed, bounded for a hostile index.</summary>
    private const int MaxFileUnits = 10_000;

    private static IEnumerable<FuzzTarget> ContainerTargets() =>
    [
        new("mpegts", "MpegTsDemuxer.Push in 1316-byte reads (SRT, UDP, RTSP MP2T), then Flush", MpegTs),
        new("mp4", "Mp4FileReader.Read, then Mp4TrackCodecs of every track and sample", Mp4),
        new("flv-file", "FileUnitReaders.Open on an .flv file (FlvFileUnitReader: tags, metadata, FlvDemuxer)", data => MediaFile(data, ".flv")),
        new("mp4-file", "FileUnitReaders.Open on an .mp4 file (Mp4FileUnitReader)", data => MediaFile(data, ".mp4")),
        new("ts-file", "FileUnitReaders.Open on a .ts file (MpegTsFileUnitReader)", data => MediaFile(data, ".ts")),
        new("mkv-file", "FileUnitReaders.Open on an .mkv file (MatroskaFileUnitReader)", data => MediaFile(data, ".mkv")),
        new("hls-fmp4", "HlsFmp4Ingest.Push (the HLS source's fMP4 init section and segments, into a stream)", HlsFmp4),
    ];

    /// <summary>
    /// What the HLS source does with an fMP4 playlist's files: the init section (EXT-X-MAP) and then each segment
    /// pushed into HlsFmp4Ingest, which writes units to a stream. Input: the init section, then the segments, each after
    /// a 16-bit big-endian length. The source restarts on Mp4ProtocolException and InvalidDataException.
    /// </summary>
    private static void HlsFmp4(byte[] data)
    {
        var parts = new List<byte[]>();
        ForEachPacket(data, part => parts.Add(part.ToArray()));
        if (parts.Count < 2)
        {
            return;
        }

        var ingest = new HlsFmp4Ingest(tracks => new MediaStream(tracks, new PathClock(), 64, NullLogger.Instance));
        foreach (var segment in parts.Skip(1))
        {
            try
            {
                ingest.Push(parts[0], segment);
            }
            catch (Exception ex) when (ex is Mp4ProtocolException or InvalidDataException)
            {
                return;
            }
        }
    }

    /// <summary>The demuxer counts malformed input instead of throwing, so nothing may escape.</summary>
    private static void MpegTs(byte[] data)
    {
        var demuxer = new MpegTsDemuxer(_ => { }, _ => { });
        for (var pos = 0; pos < data.Length; pos += 1316)
        {
            demuxer.Push(data.AsSpan(pos, Math.Min(1316, data.Length - pos)));
        }

        demuxer.Flush();
    }

    private static void Mp4(byte[] data) => Expect<Mp4ProtocolException>(() =>
    {
        var movie = Mp4FileReader.Read(data);
        foreach (var track in movie.Tracks)
        {
            if (Mp4TrackCodecs.TryGetCodec(track) is not { } codec)
            {
                continue;
            }

            foreach (var sample in track.Samples.Take(MaxFileUnits))
            {
                if (sample.Offset >= 0 && sample.Size >= 0 && sample.Offset + sample.Size <= data.Length)
                {
                    _ = Mp4TrackCodecs.SplitSample(codec, data.AsMemory((int)sample.Offset, sample.Size));
                }
            }
        }
    });

    /// <summary>
    /// A file source: the readers take a path, so the bytes go to a per-process scratch file first. Their contract is
    /// InvalidDataException for damaged media.
    /// </summary>
    private static void MediaFile(byte[] data, string extension)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mediabroker-fuzz-{Environment.ProcessId}{extension}");
        File.WriteAllBytes(file, data);
        try
        {
            using var reader = FileUnitReaders.Open(file);
            for (var i = 0; i < MaxFileUnits && reader.Next() is Unit; i++)
            {
            }
        }
        catch (InvalidDataException)
        {
        }
        finally
        {
            File.Delete(file);
        }
    }
}
