using MediaBroker.Core;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Media;

namespace MediaBroker.Tests.Formats.MpegTs;

/// <summary>Loads captures and runs them through the demuxer in chosen chunkings.</summary>
internal static class TsTestSupport
{
    public static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "MpegTs", name));

    public static DemuxResult Demux(ReadOnlySpan<byte> data, int chunk = int.MaxValue, MpegTsDemuxerOptions? options = null)
    {
        var result = new DemuxResult();
        var demuxer = new MpegTsDemuxer(t => result.Tracks = t, result.Units.Add, null, options);
        result.Demuxer = demuxer;
        for (var pos = 0; pos < data.Length; pos += chunk)
        {
            demuxer.Push(data.Slice(pos, Math.Min(chunk, data.Length - pos)));
        }

        demuxer.Flush();
        return result;
    }

    public static DemuxResult DemuxSplit(ReadOnlySpan<byte> data, int split)
    {
        var result = new DemuxResult();
        var demuxer = new MpegTsDemuxer(t => result.Tracks = t, result.Units.Add);
        result.Demuxer = demuxer;
        demuxer.Push(data[..split]);
        demuxer.Push(data[split..]);
        demuxer.Flush();
        return result;
    }

    /// <summary>Splits a file into 188-byte packets.</summary>
    public static List<byte[]> Packets(byte[] data)
    {
        var list = new List<byte[]>();
        for (var i = 0; i + 188 <= data.Length; i += 188)
        {
            list.Add(data.AsSpan(i, 188).ToArray());
        }

        return list;
    }

    public static byte At(ReadOnlyMemory<byte> m, int i) => m.Span[i];

    public static int Pid(byte[] packet) => ((packet[1] & 0x1F) << 8) | packet[2];

    public static byte[] Concat(IEnumerable<byte[]> parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Flatten(Unit u) => u.Payloads.SelectMany(p => p.ToArray()).ToArray();
}

internal sealed class DemuxResult
{
    public IReadOnlyList<Track>? Tracks { get; set; }

    public List<Unit> Units { get; } = [];

    public MpegTsDemuxer Demuxer { get; set; } = null!;

    public List<Unit> Of(int trackId) => Units.Where(u => u.Track.Id == trackId).ToList();
}
