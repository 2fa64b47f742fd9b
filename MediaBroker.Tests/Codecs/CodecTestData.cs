using System.Buffers.Binary;
using System.Globalization;
using MediaBroker.Codecs.Nal;

namespace MediaBroker.Tests.Codecs;

/// <summary>Loads the captures in TestData/Codecs (see its README) and cuts them into units.</summary>
internal static class CodecTestData
{
    public static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Codecs", name));

    /// <summary>Groups the NAL units of an Annex B file into access units using the given boundary test.</summary>
    public static List<ReadOnlyMemory<byte>[]> AccessUnits(string name, Func<ReadOnlyMemory<byte>, bool> startsAccessUnit, Func<ReadOnlyMemory<byte>, bool> isVcl)
    {
        var result = new List<ReadOnlyMemory<byte>[]>();
        var current = new List<ReadOnlyMemory<byte>>();
        var hasVcl = false;
        foreach (var nalu in AnnexB.Split(Load(name)))
        {
            if (hasVcl && startsAccessUnit(nalu))
            {
                result.Add([.. current]);
                current.Clear();
                hasVcl = false;
            }

            current.Add(nalu);
            hasVcl |= isVcl(nalu);
        }

        if (current.Count > 0)
        {
            result.Add([.. current]);
        }

        return result;
    }

    /// <summary>(pts, dts, key) per packet from an ffprobe csv "pts,dts,flags" dump.</summary>
    public static List<(long Pts, long Dts, bool Key)> Packets(string name) =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "Codecs", name))
            .Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .Select(p => (long.Parse(p[0], CultureInfo.InvariantCulture), long.Parse(p[1], CultureInfo.InvariantCulture), p[2].Contains('K', StringComparison.Ordinal)))];

    /// <summary>Frames of an IVF file (32-byte header, then 12-byte frame headers).</summary>
    public static List<byte[]> IvfFrames(string name)
    {
        var data = Load(name);
        var frames = new List<byte[]>();
        int pos = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(6));
        while (pos + 12 <= data.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos));
            frames.Add(data.AsSpan(pos + 12, size).ToArray());
            pos += 12 + size;
        }

        return frames;
    }

    /// <summary>Packets of an Ogg file (RFC 3533): lacing values joined across segments and pages.</summary>
    public static List<byte[]> OggPackets(string name)
    {
        var data = Load(name);
        var packets = new List<byte[]>();
        var current = new List<byte>();
        var pos = 0;
        while (pos + 27 <= data.Length)
        {
            int segments = data[pos + 26];
            var body = pos + 27 + segments;
            for (var i = 0; i < segments; i++)
            {
                int lace = data[pos + 27 + i];
                current.AddRange(data.AsSpan(body, lace).ToArray());
                body += lace;
                if (lace < 255)
                {
                    packets.Add([.. current]);
                    current.Clear();
                }
            }

            pos = body;
        }

        return packets;
    }

    /// <summary>Runs ffprobe on a file and returns its "key=value" stream entries.</summary>
    public static Dictionary<string, string> Probe(string path, string entries)
    {
        using var p = new System.Diagnostics.Process();
        p.StartInfo = new System.Diagnostics.ProcessStartInfo("ffprobe", $"-v error -show_entries {entries} -of default=nw=1 \"{path}\"")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        p.Start();
        var output = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(20_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("ffprobe did not finish");
        }

        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0])
            .ToDictionary(g => g.Key, g => g.First()[1].Trim());
    }
}
